package com.snapmap.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/** Content type from magic bytes (never from the client's claim): JPEG, PNG, HEIC/HEIF, WebP. */
public final class ImageSniffer {

    private static final Set<String> HEIF_BRANDS =
            Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif");

    private ImageSniffer() {}

    public static Optional<String> contentType(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return Optional.of("image/jpeg");
        }
        if (startsWith(b, 0, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})) {
            return Optional.of("image/png");
        }
        if (b.length >= 12 && ascii(b, 0, 4).equals("RIFF") && ascii(b, 8, 4).equals("WEBP")) {
            return Optional.of("image/webp");
        }
        if (b.length >= 12 && ascii(b, 4, 4).equals("ftyp")) {
            String brand = ascii(b, 8, 4);
            if (HEIF_BRANDS.contains(brand)) {
                return Optional.of(brand.startsWith("he") && !brand.equals("heim") && !brand.equals("heis")
                        ? "image/heic" : "image/heif");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a JPEG is complete: it ends with the end-of-image marker (FF D9), allowing trailing
     * zero padding that some cameras add.
     */
    public static boolean isCompleteJpeg(byte[] b) {
        int end = b.length;
        while (end > 0 && b[end - 1] == 0) {
            end--;
        }
        return end >= 4 && (b[end - 2] & 0xFF) == 0xFF && (b[end - 1] & 0xFF) == 0xD9;
    }

    private static boolean startsWith(byte[] b, int off, byte[] magic) {
        if (b.length < off + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (b[off + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
}
