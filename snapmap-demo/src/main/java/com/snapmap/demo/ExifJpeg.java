package com.snapmap.demo;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/** A small real JPEG carrying EXIF GPS and DateTimeOriginal (UTC), written with Commons Imaging. */
public final class ExifJpeg {

    private static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private ExifJpeg() {}

    /** @param hue the picture's colour, so a group's thumbnails look alike */
    public static byte[] of(double lat, double lon, Instant takenAt, float hue) {
        BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.getHSBColor(hue, 0.6f, 0.9f));
        g.fillRect(0, 0, 96, 64);
        g.setColor(Color.WHITE);
        g.drawString(EXIF_TIME.format(takenAt).substring(11), 8, 36);
        g.dispose();
        try {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            ImageIO.write(img, "jpg", plain);
            TiffOutputSet exif = new TiffOutputSet();
            TiffOutputDirectory dir = exif.getOrCreateExifDirectory();
            dir.add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, EXIF_TIME.format(takenAt));
            exif.setGpsInDegrees(lon, lat);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ExifRewriter().updateExifMetadataLossless(plain.toByteArray(), out, exif);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a demo JPEG: " + e.getMessage(), e);
        }
    }
}
