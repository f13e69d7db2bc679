package com.snapmap.bench.jmh;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventIds;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.model.BorderFact;
import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.LabelFact;
import com.snapmap.job.model.LinkFact;
import com.snapmap.job.model.PhotoWrite;
import com.snapmap.job.model.SourceRecord;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the registry does with every fact besides its union-find, each next to what it replaced
 * (a benchmark named {@code xBaseline} is the baseline of {@code x}): each record that crosses a
 * shuffle, serialized and read back, with its own serializer and with Flink's POJO serializer of
 * the same fields; and an event id.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordBenchmarks {

    private static final int N = 4096; // a power of two: index with a mask

    private LabelFact[] facts;
    private EventDocument[] documents;
    private String[] photoIds;
    private final DataOutputSerializer out = new DataOutputSerializer(512);
    private final DataInputDeserializer in = new DataInputDeserializer();
    private final TypeSerializer<LabelFact> labelFacts = LabelFact.Serializer.INSTANCE;
    private final TypeSerializer<EventDocument> compactDocuments = EventDocument.Serializer.INSTANCE;
    /** Flink's POJO serializer, how event documents crossed shuffles before. */
    private TypeSerializer<EventDocument> pojoDocuments;
    private LinkFact[] links;
    private CellPhoto[] photos;
    private BorderFact[] parts;
    private PhotoWrite[] writes;
    private SourceRecord[] records;
    private final Map<Class<?>, TypeSerializer<?>> pojo = new HashMap<>();
    private int i;

    @Setup
    public void setUp() {
        List<Photo> city = CityStreamGenerator.lyon().generate(7, N, 0.6, "p");
        facts = new LabelFact[N];
        documents = new EventDocument[N];
        photoIds = new String[N];
        for (int k = 0; k < N; k++) {
            Photo p = city.get(k);
            String label = "u05kqt/" + p.photoId;
            String eventId = EventIds.forFirstPhoto(p.photoId);
            facts[k] = LabelFact.assign(p.photoId, label, eventId, p.takenAt, p.photoId, p.takenAt + 3_900_000L);
            EventSummary s = EventSummary.of(p);
            s.add("q" + k, p.takenAt + 1_000, p.lat + 1e-4, p.lon + 1e-4);
            s.add("r" + k, p.takenAt + 2_000, p.lat - 1e-4, p.lon + 2e-4);
            documents[k] = EventDocument.of(eventId, s, s.count, false, p.takenAt);
            photoIds[k] = p.photoId;
        }
        links = new LinkFact[N];
        photos = new CellPhoto[N];
        parts = new BorderFact[N];
        writes = new PhotoWrite[N];
        records = new SourceRecord[N];
        for (int k = 0; k < N; k++) {
            Photo p = city.get(k);
            CellPhoto c = new CellPhoto();
            c.cell = "u05kqt";
            c.home = true;
            c.homeCell = "u05kqt";
            c.haloCount = k % 3;
            c.photoId = p.photoId;
            c.takenAt = p.takenAt;
            c.lat = p.lat;
            c.lon = p.lon;
            c.label = "u05kqt/" + p.photoId;
            photos[k] = c;
            links[k] = LinkFact.assign(c, c.label);
            parts[k] = BorderFact.part("u05kq", 3, c.label, EventSummary.of(p), EventIds.forFirstPhoto(p.photoId),
                    new String[] {c.label, "u05kqw/q" + k});
            writes[k] = PhotoWrite.photo(p.photoId, c.label, facts[k].eventId);
            records[k] = SourceRecord.good(new UploadEvent(p.photoId, p.takenAt, p.lat, p.lon,
                    "http://127.0.0.1:10000/devstoreaccount1/photos/" + p.photoId + ".jpg"));
        }
        for (Class<?> c : List.of(LabelFact.class, LinkFact.class, CellPhoto.class, BorderFact.class, PhotoWrite.class,
                SourceRecord.class)) {
            pojo.put(c, pojoOf(c));
        }
        pojoDocuments = Types.POJO(EventDocument.class, java.util.Map.ofEntries(
                java.util.Map.entry("eventId", Types.STRING), java.util.Map.entry("mergedInto", Types.STRING),
                java.util.Map.entry("centroidLat", Types.DOUBLE), java.util.Map.entry("centroidLon", Types.DOUBLE),
                java.util.Map.entry("west", Types.DOUBLE), java.util.Map.entry("south", Types.DOUBLE),
                java.util.Map.entry("east", Types.DOUBLE), java.util.Map.entry("north", Types.DOUBLE),
                java.util.Map.entry("radiusMeters", Types.DOUBLE), java.util.Map.entry("startAt", Types.LONG),
                java.util.Map.entry("endAt", Types.LONG), java.util.Map.entry("photoCount", Types.LONG),
                java.util.Map.entry("version", Types.LONG), java.util.Map.entry("status", Types.STRING),
                java.util.Map.entry("updatedAt", Types.LONG), java.util.Map.entry("firstPhotoId", Types.STRING),
                java.util.Map.entry("cell", Types.STRING), java.util.Map.entry("area", Types.PRIMITIVE_ARRAY(Types.DOUBLE)),
                java.util.Map.entry("owner", Types.STRING)))
                .createSerializer(new SerializerConfigImpl());
    }

    /**
     * Flink's POJO serializer of a record's public fields, as it would be without {@code @TypeInfo}
     * (which, like Flink's own analysis, leaves static and transient fields out).
     */
    private static TypeSerializer<?> pojoOf(Class<?> type) {
        Map<String, TypeInformation<?>> fields = new HashMap<>();
        for (Field f : type.getFields()) {
            if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
                fields.put(f.getName(), TypeInformation.of(f.getType()));
            }
        }
        return Types.POJO(type, fields).createSerializer(new SerializerConfigImpl());
    }

    @SuppressWarnings("unchecked")
    private <T> T pojoRoundTrip(T value) throws IOException {
        return roundTrip(value, (TypeSerializer<T>) pojo.get(value.getClass()));
    }

    private int next() {
        return i = (i + 1) & (N - 1);
    }

    private <T> T roundTrip(T value, TypeSerializer<T> serializer) throws IOException {
        out.clear();
        serializer.serialize(value, out);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        return serializer.deserialize(in);
    }

    @Benchmark
    public LabelFact labelFactRoundTrip() throws IOException {
        return roundTrip(facts[next()], labelFacts);
    }

    @Benchmark
    public EventDocument eventDocumentRoundTrip() throws IOException {
        return roundTrip(documents[next()], compactDocuments);
    }

    @Benchmark
    public EventDocument eventDocumentRoundTripBaseline() throws IOException {
        return roundTrip(documents[next()], pojoDocuments);
    }

    @Benchmark
    public LabelFact labelFactRoundTripBaseline() throws IOException {
        return pojoRoundTrip(facts[next()]);
    }

    @Benchmark
    public LinkFact linkFactRoundTrip() throws IOException {
        return roundTrip(links[next()], LinkFact.Serializer.INSTANCE);
    }

    @Benchmark
    public LinkFact linkFactRoundTripBaseline() throws IOException {
        return pojoRoundTrip(links[next()]);
    }

    @Benchmark
    public CellPhoto cellPhotoRoundTrip() throws IOException {
        return roundTrip(photos[next()], CellPhoto.Serializer.INSTANCE);
    }

    @Benchmark
    public CellPhoto cellPhotoRoundTripBaseline() throws IOException {
        return pojoRoundTrip(photos[next()]);
    }

    @Benchmark
    public BorderFact borderFactRoundTrip() throws IOException {
        return roundTrip(parts[next()], BorderFact.Serializer.INSTANCE);
    }

    @Benchmark
    public BorderFact borderFactRoundTripBaseline() throws IOException {
        return pojoRoundTrip(parts[next()]);
    }

    @Benchmark
    public PhotoWrite photoWriteRoundTrip() throws IOException {
        return roundTrip(writes[next()], PhotoWrite.Serializer.INSTANCE);
    }

    @Benchmark
    public PhotoWrite photoWriteRoundTripBaseline() throws IOException {
        return pojoRoundTrip(writes[next()]);
    }

    @Benchmark
    public SourceRecord sourceRecordRoundTrip() throws IOException {
        return roundTrip(records[next()], SourceRecord.Serializer.INSTANCE);
    }

    @Benchmark
    public SourceRecord sourceRecordRoundTripBaseline() throws IOException {
        return pojoRoundTrip(records[next()]);
    }

    @Benchmark
    public String eventId() {
        return EventIds.forFirstPhoto(photoIds[next()]);
    }

    /** The JDK's name-based UUID, which looks MD5 up among the security providers on each call. */
    @Benchmark
    public String eventIdBaseline() {
        return UUID.nameUUIDFromBytes(("snapmap-event:" + photoIds[next()]).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
