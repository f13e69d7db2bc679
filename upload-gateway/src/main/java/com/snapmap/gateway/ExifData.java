package com.snapmap.gateway;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.TimeZone;

/**
 * Capture time and position read from an image's EXIF (GPS and DateTimeOriginal); either may be
 * null. A DateTimeOriginal without offset is taken as UTC.
 */
public record ExifData(Instant takenAt, Double lat, Double lon) {

    public static final ExifData NONE = new ExifData(null, null, null);

    public static ExifData read(byte[] image) {
        Metadata metadata;
        try {
            metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(image), image.length);
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            return NONE;
        }
        Instant takenAt = null;
        for (ExifSubIFDDirectory dir : metadata.getDirectoriesOfType(ExifSubIFDDirectory.class)) {
            Date d = dir.getDateOriginal(TimeZone.getTimeZone("UTC"));
            if (d != null) {
                takenAt = d.toInstant();
                break;
            }
        }
        Double lat = null;
        Double lon = null;
        for (GpsDirectory gps : metadata.getDirectoriesOfType(GpsDirectory.class)) {
            GeoLocation loc = gps.getGeoLocation();
            if (loc != null && !loc.isZero()) {
                lat = loc.getLatitude();
                lon = loc.getLongitude();
                break;
            }
        }
        return new ExifData(takenAt, lat, lon);
    }
}
