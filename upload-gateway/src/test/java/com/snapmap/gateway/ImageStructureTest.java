package com.snapmap.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageStructureTest {

    static byte[] png() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    /** A RIFF/WEBP file with one VP8L chunk (signature byte and 4 bytes of header). */
    static byte[] webp() {
        ByteBuffer b = ByteBuffer.allocate(34).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(26).put("WEBP".getBytes(StandardCharsets.ISO_8859_1));
        b.put("VP8L".getBytes(StandardCharsets.ISO_8859_1)).putInt(14).put((byte) 0x2F);
        return b.array();
    }

    static byte[] box(String type, int payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload);
        b.putInt(8 + payload).put(type.getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    static byte[] heic() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] ftyp = box("ftyp", 8);
        System.arraycopy("heic".getBytes(StandardCharsets.ISO_8859_1), 0, ftyp, 8, 4);
        out.writeBytes(ftyp);
        out.writeBytes(box("meta", 32));
        out.writeBytes(box("mdat", 64));
        return out.toByteArray();
    }

    @Test
    void realImagesPass() throws Exception {
        assertThat(ImageStructure.looksComplete(TestImages.jpeg(1), "image/jpeg")).isTrue();
        assertThat(ImageStructure.looksComplete(png(), "image/png")).isTrue();
        assertThat(ImageStructure.looksComplete(webp(), "image/webp")).isTrue();
        assertThat(ImageStructure.looksComplete(heic(), "image/heic")).isTrue();
    }

    @Test
    void aFourByteJpegIsNotAnImage() {
        assertThat(ImageStructure.looksComplete(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}, "image/jpeg"))
                .isFalse();
    }

    @Test
    void signaturesAloneAreNotImages() throws Exception {
        assertThat(ImageStructure.looksComplete(Arrays.copyOf(png(), 16), "image/png")).isFalse();
        assertThat(ImageStructure.looksComplete("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1), "image/webp"))
                .isFalse();
        assertThat(ImageStructure.looksComplete("\0\0\0\u0010ftypheic\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1), "image/heic"))
                .isFalse();
        assertThat(ImageStructure.looksComplete(Arrays.copyOf(heic(), heic().length - 1), "image/heic")).isFalse();
    }
}
