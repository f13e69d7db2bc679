package com.snapmap.bench.jmh;

import com.snapmap.core.Photo;
import com.snapmap.core.cluster.EventIds;
import com.snapmap.core.cluster.EventSummary;
import com.snapmap.testdata.CityStreamGenerator;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.LabelFact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the registry does with every fact besides its union-find, each next to what it replaced
 * (a benchmark named {@code xBaseline} is the baseline of {@code x}): a label fact through a
 * shuffle (serialized and read back), an event document through one, and an event id.
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

    /** The same fields with every string in Flink's encoding, a character at a time (the format before). */
    @Benchmark
    public LabelFact labelFactRoundTripBaseline() throws IOException {
        LabelFact f = facts[next()];
        out.clear();
        out.writeByte(f.kind.ordinal() + 1);
        StringValue.writeString(f.photoId, out);
        StringValue.writeString(f.label, out);
        StringValue.writeString(f.eventId, out);
        out.writeLong(f.firstTakenAt);
        StringValue.writeString(f.firstPhotoId, out);
        out.writeLong(f.expireAt);
        in.setBuffer(out.getSharedBuffer(), 0, out.length());
        LabelFact back = new LabelFact();
        back.kind = LabelFact.Kind.values()[in.readByte() - 1];
        back.photoId = StringValue.readString(in);
        back.label = StringValue.readString(in);
        back.eventId = StringValue.readString(in);
        back.firstTakenAt = in.readLong();
        back.firstPhotoId = StringValue.readString(in);
        back.expireAt = in.readLong();
        return back;
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
    public String eventId() {
        return EventIds.forFirstPhoto(photoIds[next()]);
    }

    /** The JDK's name-based UUID, which looks MD5 up among the security providers on each call. */
    @Benchmark
    public String eventIdBaseline() {
        return UUID.nameUUIDFromBytes(("snapmap-event:" + photoIds[next()]).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
