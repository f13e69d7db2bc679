package com.snapmap.gateway;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/** Real images generated in the test: a plain JPEG, and one with EXIF GPS + DateTimeOriginal. */
final class TestImages {

    private TestImages() {}

    static byte[] jpeg(int seed) {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 16; x++) {
            for (int y = 0; y < 16; y++) {
                img.setRGB(x, y, new Color((seed * 31 + x * 16) & 0xFF, (y * 16) & 0xFF, seed & 0xFF).getRGB());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** @param dateTimeOriginal EXIF form, e.g. {@code 2024:05:01 12:00:00} */
    static byte[] jpegWithExif(int seed, double lat, double lon, String dateTimeOriginal) {
        try {
            TiffOutputSet set = new TiffOutputSet();
            TiffOutputDirectory exif = set.getOrCreateExifDirectory();
            exif.add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, dateTimeOriginal);
            set.setGpsInDegrees(lon, lat);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ExifRewriter().updateExifMetadataLossless(jpeg(seed), out, set);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
