package com.snapmap.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Whether bytes that carry an image signature hold an image: JPEG and PNG must yield their
 * dimensions to the JDK's readers (headers only, no pixels decoded); WebP's RIFF chunk and HEIF's
 * top-level boxes must fit the file and hold what an image needs. Cheap: reads a few headers.
 */
public final class ImageStructure {

    private ImageStructure() {}

    /** @param contentType as sniffed by {@link ImageSniffer} */
    public static boolean looksComplete(byte[] b, String contentType) {
        return switch (contentType) {
            case "image/jpeg", "image/png" -> hasDimensions(b, contentType);
            case "image/webp" -> isWebp(b);
            case "image/heic", "image/heif" -> isHeif(b);
            default -> false;
        };
    }

    private static boolean hasDimensions(byte[] b, String contentType) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(contentType);
        if (!readers.hasNext()) {
            return false;
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(b))) {
            reader.setInput(in, true, true);
            return reader.getWidth(0) > 0 && reader.getHeight(0) > 0;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            reader.dispose();
        }
    }

    /** RIFF size matches the file, and the first chunk is a VP8, VP8L or VP8X header that fits. */
    private static boolean isWebp(byte[] b) {
        if (b.length < 30) {
            return false;
        }
        long riff = le32(b, 4);
        if (riff + 8 > b.length || riff < 22) {
            return false;
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        long size = le32(b, 16);
        if (size + 20 > riff + 8) {
            return false;
        }
        return switch (chunk) {
            case "VP8 " -> size >= 10 && (b[23] & 0xFF) == 0x9D && (b[24] & 0xFF) == 0x01 && (b[25] & 0xFF) == 0x2A;
            case "VP8L" -> size >= 5 && (b[20] & 0xFF) == 0x2F;
            case "VP8X" -> size == 10 && riff + 8 > 30; // extended: more chunks (the image) follow the header
            default -> false;
        };
    }

    /** Top-level boxes tile the file, starting with ftyp, and include meta (items) and mdat (data). */
    private static boolean isHeif(byte[] b) {
        long off = 0;
        boolean meta = false;
        boolean mdat = false;
        boolean first = true;
        while (off < b.length) {
            if (off + 8 > b.length) {
                return false;
            }
            long size = be32(b, (int) off);
            String type = new String(b, (int) off + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            if (size == 1) {
                if (off + 16 > b.length) {
                    return false;
                }
                size = (be32(b, (int) off + 8) << 32) | be32(b, (int) off + 12);
            } else if (size == 0) {
                size = b.length - off;
            }
            if (size < 8 || off + size > b.length || (first && !type.equals("ftyp"))) {
                return false;
            }
            meta |= type.equals("meta") && size > 12;
            mdat |= type.equals("mdat") && size > 8;
            first = false;
            off += size;
        }
        return meta && mdat;
    }

    private static long le32(byte[] b, int off) {
        return (b[off] & 0xFFL) | (b[off + 1] & 0xFFL) << 8 | (b[off + 2] & 0xFFL) << 16 | (b[off + 3] & 0xFFL) << 24;
    }

    private static long be32(byte[] b, int off) {
        return (b[off] & 0xFFL) << 24 | (b[off + 1] & 0xFFL) << 16 | (b[off + 2] & 0xFFL) << 8 | (b[off + 3] & 0xFFL);
    }
}
