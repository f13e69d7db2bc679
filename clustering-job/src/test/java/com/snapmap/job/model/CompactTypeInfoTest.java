package com.snapmap.job.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.snapmap.core.wire.UploadEvent;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class CompactTypeInfoTest {

    @Test
    void theRecordsOnTheWireUseTheirCompactSerializers() {
        for (Class<?> c : List.of(SourceRecord.class, CellPhoto.class, LinkFact.class, LabelFact.class, PhotoWrite.class,
                EventDocument.class, BorderFact.class, Erasure.class)) {
            assertThat(TypeInformation.of(c)).isInstanceOf(CompactTypeInfo.class);
        }
    }

    @Test
    void statesKeepThePojoLayoutWithEveryField() {
        for (TypeInformation<?> t : List.of(CellPhoto.pojoType(), LabelFact.pojoType())) {
            assertThat(t).isInstanceOf(PojoTypeInfo.class);
            PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) t;
            List<String> listed = Arrays.stream(pojo.getFieldNames()).sorted().toList();
            // A field added to the class must be added to its state layout, or state would drop it.
            assertThat(listed).isEqualTo(instanceFields(t.getTypeClass()));
        }
    }

    @Test
    void cellPhotosRoundTrip() throws Exception {
        CellPhoto home = new CellPhoto("u0abcd", true, "u0abcd", 2, "p1", 1_000L, 45.7, 4.8);
        home.label = "u0abcd/p1";
        CellPhoto halo = new CellPhoto("u0abce", false, "u0abcd", 2, "p1", -5L, -0.0, 179.99);
        CellPhoto empty = new CellPhoto();
        CellPhoto erasure = CellPhoto.erasure("u0abcd", "p1", 1_000L, 45.7, 4.8);
        for (CellPhoto p : List.of(home, halo, empty, erasure)) {
            CellPhoto back = roundTrip(p);
            assertThat(back).usingRecursiveComparison().isEqualTo(p);
            assertThat(Double.doubleToRawLongBits(back.lat)).isEqualTo(Double.doubleToRawLongBits(p.lat));
            assertThat(back).usingRecursiveComparison().isEqualTo(CellPhoto.Serializer.INSTANCE.copy(p));
        }
    }

    @Test
    void linkFactsRoundTrip() throws Exception {
        CellPhoto p = new CellPhoto("u0abcd", true, "u0abcd", 1, "p1", 1_000L, 45.7, 4.8);
        CellPhoto origin = new CellPhoto("u0abcd", true, "u0abcd", 1, "p0", 1_000L, 0.0, -0.0);
        LinkFact signedZero = LinkFact.assign(origin, "u0abcd/p0");
        for (LinkFact f : List.of(LinkFact.assign(p, "u0abcd/p1"), LinkFact.union("u0abcd", "p2", 7L, "a", "b"),
                LinkFact.touch(LinkFact.Kind.TOUCH_AWAY, "u0abce", p, "u0abce/q", 9L), signedZero,
                LinkFact.erase(CellPhoto.erasure("u0abcd", "p1", 1_000L, 45.7, 4.8), "u0abcd/p0"), new LinkFact())) {
            LinkFact back = roundTrip(f);
            assertThat(back).usingRecursiveComparison().isEqualTo(f);
            assertThat(Double.doubleToRawLongBits(back.lon)).isEqualTo(Double.doubleToRawLongBits(f.lon));
            assertThat(back).usingRecursiveComparison().isEqualTo(LinkFact.Serializer.INSTANCE.copy(f));
        }
    }

    @Test
    void labelFactsAndPhotoWritesRoundTrip() throws Exception {
        for (LabelFact f : List.of(LabelFact.assign("p1", "r/p0", "e1", 5L, "p0", Long.MAX_VALUE),
                LabelFact.relabel("r/p0", "e0", -3L, "pz", 99L), new LabelFact())) {
            assertThat(roundTrip(f)).usingRecursiveComparison().isEqualTo(f);
        }
        for (PhotoWrite w : List.of(PhotoWrite.photo("p1", "r/p0", "e1"), PhotoWrite.label("r/p0", "e0"), new PhotoWrite())) {
            assertThat(roundTrip(w)).usingRecursiveComparison().isEqualTo(w);
        }
    }

    @Test
    void sourceRecordsRoundTripWithEveryFieldOfTheirEventOrBadRecord() throws Exception {
        UploadEvent event = new UploadEvent();
        fillEveryField(event);
        BadRecord bad = new BadRecord();
        fillEveryField(bad);
        BadRecord withoutBytes = new BadRecord(null, null, null, "empty record", "photo-uploads", 3, 42L);
        Erasure erasure = new Erasure();
        fillEveryField(erasure);
        for (SourceRecord r : List.of(SourceRecord.good(event, 1_700_000_000_000L), SourceRecord.bad(bad), SourceRecord.bad(withoutBytes),
                SourceRecord.erasure(erasure), new SourceRecord())) {
            // every field set: one the serializer forgot would come back as its default
            assertThat(roundTrip(r)).usingRecursiveComparison().isEqualTo(r);
            assertThat(SourceRecord.Serializer.INSTANCE.copy(r)).usingRecursiveComparison().isEqualTo(r);
        }
        assertThat(SourceRecord.Serializer.INSTANCE.copy(SourceRecord.bad(bad)).bad.value).isNotSameAs(bad.value);
    }

    @Test
    void rootStatesRoundTripWithEveryFieldOfThemAndOfTheirSummary() throws Exception {
        RootState filled = new RootState();
        fillEveryField(filled);
        fillEveryField(filled.summary);
        RootState grown = new RootState();
        grown.summary.add("p1", 1_000L, 45.7, 4.8);
        grown.summary.add("p0", 900L, 45.71, 4.81);
        grown.publishedId = grown.summary.eventId();
        for (RootState r : List.of(filled, grown, new RootState())) {
            RootState back = roundTrip(r, RootStateSerializer.INSTANCE);
            // every field set: one the serializer forgot would come back as its default
            assertThat(back).usingRecursiveComparison().isEqualTo(r);
        }
        assertThat(RootStateSerializer.stateType().createSerializer(new SerializerConfigImpl()))
                .isSameAs(RootStateSerializer.INSTANCE);
    }

    @Test
    void eventDocumentsRoundTripWithEveryFieldOfTheContract() throws Exception {
        EventDocument filled = new EventDocument();
        fillEveryField(filled);
        EventDocument live = EventDocument.of("e1", com.snapmap.core.cluster.EventSummary.of(
                new com.snapmap.core.Photo("p1", 1_000L, 45.7, 4.8)), 1, false, 5L);
        for (EventDocument d : List.of(filled, live, EventDocument.tombstone("e0", "e1", 3, 7L), new EventDocument())) {
            // every field set: one the serializer forgot would come back as its default
            assertThat(roundTrip(d)).usingRecursiveComparison().isEqualTo(d);
            assertThat(EventDocument.Serializer.INSTANCE.copy(d)).usingRecursiveComparison().isEqualTo(d);
        }
        assertThat(EventDocument.Serializer.INSTANCE.copy(filled).area).isNotSameAs(filled.area);
    }

    @Test
    void borderFactsRoundTripWithEveryFieldAndTheirSummary() throws Exception {
        BorderFact filled = new BorderFact();
        filled.summary = new com.snapmap.core.cluster.EventSummary();
        fillEveryField(filled.summary);
        filled.members = new String[] {"u0abcd/p1", null, "u0abce/p2"};
        fillEveryField(filled); // the summary and members as set above, every other field too
        for (BorderFact f : List.of(filled, BorderFact.edge("u0ab", 1, "u0abcd/p1", "u0abce/p2"), new BorderFact())) {
            assertThat(roundTrip(f)).usingRecursiveComparison().isEqualTo(f);
            assertThat(BorderFact.Serializer.INSTANCE.copy(f)).usingRecursiveComparison().isEqualTo(f);
        }
        assertThat(BorderFact.Serializer.INSTANCE.copy(filled).members).isNotSameAs(filled.members);
    }

    @Test
    void stringsOfEveryKindRoundTripInRecords() throws Exception {
        String longAscii = "x".repeat(300); // a length beyond one byte
        for (String s : List.of("", "u0abcd/p1", "what?", "?", "caf\u00e9", "\u00ff", "\u4e2d\u6587", "\ud83d\ude00",
                "lone \ud800 surrogate", "\udc00", longAscii, "\u0000 and \u007f",
                // a lone surrogate past the first eight bytes, and after a real '?'
                "abcdefghij\ud800klmnopqrs", "what?abcdefgh\ud800", "12345678?abcdefg\udfff")) {
            PhotoWrite w = PhotoWrite.photo(s, s + "/" + s, s);
            PhotoWrite back = roundTrip(w);
            assertThat(back.photoId).isEqualTo(s);
            assertThat(back).usingRecursiveComparison().isEqualTo(w);
        }
    }

    /** Root state keeps Flink's own string encoding, as state format v1 has it (docs/OPERATE.md). */
    @Test
    void rootStatesWriteTheirStringsInFlinksEncoding() throws Exception {
        RootState r = new RootState();
        r.publishedId = "e1";
        DataOutputSerializer out = new DataOutputSerializer(64);
        RootStateSerializer.INSTANCE.serialize(r, out);
        DataOutputSerializer flink = new DataOutputSerializer(8);
        org.apache.flink.types.StringValue.writeString("e1", flink);
        assertThat(indexOf(out.getCopyOfBuffer(), flink.getCopyOfBuffer())).isNotNegative();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Sets each instance field to a value other than its default. */
    private static void fillEveryField(Object o) throws Exception {
        int i = 1;
        List<Field> fields = new java.util.ArrayList<>();
        for (Class<?> c = o.getClass(); c != Object.class; c = c.getSuperclass()) {
            fields.addAll(Arrays.asList(c.getDeclaredFields()));
        }
        for (Field f : fields) {
            if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())) {
                continue;
            }
            Class<?> t = f.getType();
            Object v = t == long.class ? (Object) (long) (1_000 + i) : t == double.class ? (Object) (0.5 + i)
                    : t == int.class ? (Object) (10 + i) : t == boolean.class ? (Object) Boolean.TRUE
                    : t == String.class ? (Object) ("s" + i) : t == double[].class ? (Object) new double[] {i, -i}
                    : t == byte[].class ? (Object) new byte[] {(byte) i, -1}
                    : t == String[].class ? (Object) new String[] {"a" + i, "b" + i}
                    : t == com.snapmap.core.place.Place.class ? (Object) new com.snapmap.core.place.Place("n" + i, "r" + i, "c" + i)
                    : t.isEnum() ? t.getEnumConstants()[t.getEnumConstants().length - 1] : null;
            if (v != null) {
                f.set(o, v);
            } else {
                assertThat(f.get(o)).as("a field of a type this test cannot fill: %s", f).isNotNull();
            }
            i++;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        return roundTrip(value, TypeInformation.of((Class<T>) value.getClass()).createSerializer(new SerializerConfigImpl()));
    }

    private static <T> T roundTrip(T value, TypeSerializer<T> s) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        s.serialize(value, out);
        s.serialize(value, out); // two in a row: each reads exactly what it wrote
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T first = s.deserialize(in);
        DataOutputSerializer copied = new DataOutputSerializer(64);
        s.copy(in, copied);
        assertThat(in.available()).isZero();
        assertThat(copied.getCopyOfBuffer()).isEqualTo(Arrays.copyOf(out.getCopyOfBuffer(), copied.length()));
        assertThat(s.snapshotConfiguration().restoreSerializer()).isEqualTo(s);
        return first;
    }

    private static List<String> instanceFields(Class<?> c) {
        return Arrays.stream(c.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()))
                .map(Field::getName).sorted().collect(Collectors.toList());
    }
}
