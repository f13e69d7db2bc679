package com.snapmap.core.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.IOException;

/**
 * The fields of an upload event as one pass of a streaming parser finds them, not yet validated:
 * {@link UploadEventCodec} checks them after the pass, so that a syntax error anywhere in the record
 * wins over a bad field and the first bad field reported does not depend on the key order. Of a
 * key given twice the last value counts, as in a JSON tree; a JSON null counts as absent.
 */
final class UploadEventFields {

    /** A value of a text field that is there but not a string. */
    static final Object NOT_TEXT = new Object();
    /** {@link #locationLength} of a record without location. */
    static final int ABSENT = -2;
    /** {@link #locationLength} of a location that is not an array. */
    static final int NOT_ARRAY = -1;
    /** {@link #sizeBytes} that is not a non-negative integer of the long range. */
    static final long INVALID = -1;

    /** Each a String, {@link #NOT_TEXT}, or null when absent. */
    Object photoId;
    Object takenAt;
    Object storageUrl;
    Object uploadedAt;
    Object contentType;
    Object sha256;
    /** How many elements location has (only the first two are kept), or ABSENT or NOT_ARRAY. */
    int locationLength = ABSENT;
    boolean lonIsNumber;
    double lon;
    boolean latIsNumber;
    double lat;
    long sizeBytes;

    /**
     * Reads one JSON value; false when it is not an object. Such a value is still read to its end,
     * so that it is reported as invalid JSON where it is.
     */
    boolean read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            p.finishToken();
            p.skipChildren();
            return false;
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "photoId" -> photoId = text(p, t);
                case "takenAt" -> takenAt = text(p, t);
                case "location" -> location(p, t);
                case "storageUrl" -> storageUrl = text(p, t);
                case "uploadedAt" -> uploadedAt = text(p, t);
                case "contentType" -> contentType = text(p, t);
                case "sizeBytes" -> sizeBytes(p, t);
                case "sha256" -> sha256 = text(p, t);
                default -> p.skipChildren(); // unknown fields are allowed, nested or not
            }
        }
        return true;
    }

    private static Object text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return t == JsonToken.VALUE_NULL ? null : NOT_TEXT;
    }

    private void location(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            locationLength = t == JsonToken.VALUE_NULL ? ABSENT : NOT_ARRAY;
            return;
        }
        int n = 0;
        for (JsonToken e = p.nextToken(); e != null && e != JsonToken.END_ARRAY; e = p.nextToken(), n++) {
            boolean number = e.isNumeric();
            if (n == 0) {
                lonIsNumber = number;
                lon = number ? p.getDoubleValue() : 0;
            } else if (n == 1) {
                latIsNumber = number;
                lat = number ? p.getDoubleValue() : 0;
            }
            p.skipChildren();
        }
        locationLength = n;
    }

    private void sizeBytes(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            sizeBytes = 0;
        } else if (t == JsonToken.VALUE_NUMBER_INT) {
            try {
                long v = p.getLongValue();
                sizeBytes = v < 0 ? INVALID : v;
            } catch (InputCoercionException outsideTheLongRange) {
                // Not getNumberType(): on a BIG_INTEGER it leaves the digits behind in Jackson
                // 2.17, and the next getDoubleValue() (a coordinate) returns them.
                sizeBytes = INVALID;
            }
        } else {
            p.skipChildren();
            sizeBytes = INVALID;
        }
    }
}
