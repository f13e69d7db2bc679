package com.snapmap.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.drew.imaging.ImageMetadataReader;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** What the demo writes, read back by the EXIF reader the gateway uses (metadata-extractor). */
class ExifJpegTest {

    @Test
    void gpsAndCaptureTimeReadBack() throws Exception {
        Instant t = Instant.parse("2024-05-01T12:34:56Z");
        byte[] jpeg = ExifJpeg.of(-33.8568, 151.2153, t, 0.3f);
        assertThat(jpeg).startsWith((byte) 0xFF, (byte) 0xD8).endsWith((byte) 0xFF, (byte) 0xD9);
        Metadata m = ImageMetadataReader.readMetadata(new ByteArrayInputStream(jpeg), jpeg.length);
        GeoLocation loc = m.getFirstDirectoryOfType(GpsDirectory.class).getGeoLocation();
        assertThat(loc.getLatitude()).isCloseTo(-33.8568, within(1e-6));
        assertThat(loc.getLongitude()).isCloseTo(151.2153, within(1e-6));
        assertThat(m.getFirstDirectoryOfType(ExifSubIFDDirectory.class).getDateOriginal(TimeZone.getTimeZone("UTC")).toInstant())
                .isEqualTo(t);
    }
}
