package com.snapmap.job;

import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.model.BadRecord;
import com.snapmap.job.model.BorderFact;
import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.Erasure;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.LabelFact;
import com.snapmap.job.model.LinkFact;
import com.snapmap.job.model.PhotoWrite;
import com.snapmap.job.model.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Builds the streaming graph (docs/HOT-PATH.md explains its design) from any source of parsed records. The
 * production job (Kafka in, MongoDB and Kafka out), the file-replay CLI and the tests all call
 * this one function and attach their own sinks to the returned {@link ClusteringStreams}.
 *
 * <p>Operator uids are part of the savepoint format (state format v1, docs/OPERATE.md): never rename one.
 */
public final class ClusteringGraph {

    private ClusteringGraph() {}

    /** The root tier is "border-merge", the others by their prefix length (uids of state format v1). */
    static String borderMergeUid(int tier) {
        return tier == BorderTiers.ROOT ? "border-merge" : "border-merge-g" + BorderTiers.PREFIX[tier];
    }

    /** What the name of every tier of the border merge starts with. */
    public static final String BORDER_MERGE_NAME = "Border merge";

    static String borderMergeName(int tier) {
        return BORDER_MERGE_NAME + (tier == BorderTiers.ROOT ? " (root)" : " (geohash-" + BorderTiers.PREFIX[tier] + ")");
    }

    /**
     * @param records parsed by their source ({@link SourceParser}); the source is built with
     *     {@link TakenAtWatermarks#strategy}, so that every split (Kafka partition, file) is
     *     watermarked on its own
     */
    public static ClusteringStreams build(DataStream<SourceRecord> records, ClusteringConfig config) {
        records.getExecutionEnvironment().setMaxParallelism(config.maxParallelism());
        // Every state and record type is a POJO or has an explicit serializer: fail, never Kryo.
        records.getExecutionEnvironment().getConfig().disableGenericTypes();

        // Upload events and erasures, in the order their partitions hold them.
        SingleOutputStreamOperator<SourceRecord> uploads = records
                .process(new ParseUploads(config)).returns(SourceRecord.class)
                // Chained to the source: nothing is shuffled before the record is known to be good.
                .setParallelism(records.getParallelism())
                .uid("parse-uploads").name("Parse and validate uploads");
        DataStream<BadRecord> dlq = uploads.getSideOutput(ParseUploads.DLQ);

        // Photos to their regions, and each erasure to its photo's home region behind the photo on the
        // same channel (the linker knows the photo's cluster).
        SingleOutputStreamOperator<CellPhoto> routed = uploads
                .process(new RouteToCells(config)).returns(CellPhoto.class)
                .setParallelism(records.getParallelism())
                .uid("route-to-cells").name("Route to home and halo regions");
        // Late by their own arrival, or (a record without one) by the watermark: the cold path's.
        DataStream<UploadEvent> tooLate = uploads.getSideOutput(ParseUploads.LATE).union(routed.getSideOutput(RouteToCells.TOO_LATE));

        // Erasures for the cold path. Its uid once routed them to the linker on a channel of their own,
        // where one could overtake its upload; kept as a pass-through, so every savepoint maps onto this graph.
        DataStream<Erasure> erasures = uploads.getSideOutput(ParseUploads.ERASURES)
                .map(e -> e).returns(Erasure.class)
                .setParallelism(records.getParallelism())
                .uid("route-erasures").name("Erasures to the cold path");

        // Shuffle 1: by region. De-duplication happens here too: every copy of a photo goes to
        // the same regions, so no shuffle by photoId is needed.
        DataStream<LinkFact> linked = routed
                .keyBy(p -> p.cell, TypeInformation.of(String.class))
                // Its operator writes the photo chunks filling in memory before each barrier.
                .transform("Cell linker", TypeInformation.of(LinkFact.class), WriteBehindOperator.of(new CellLinker(config)))
                .uid("cell-linker").name("Cell linker");

        // Shuffle 2: by the region whose registry owns the fact (the margin join is part of it).
        SingleOutputStreamOperator<LabelFact> decided = linked
                .keyBy(f -> f.route, TypeInformation.of(String.class))
                // Its operator writes the state it keeps in memory back before each barrier (RocksDB).
                .transform("Event registry (by region)", TypeInformation.of(LabelFact.class),
                        WriteBehindOperator.of(new EventRegistry(config)))
                .uid("event-registry").name("Event registry (by region)");

        // Only clusters that cross a region border, a part at most once per flush interval, merged
        // tier by tier: by 5-character geohash prefix, by 3-character prefix, and what is left (an
        // event across a 3-character border) under one key.
        List<DataStream<BorderFact>> toTier = new ArrayList<>();
        for (int t = 0; t < BorderTiers.COUNT; t++) {
            toTier.add(decided.getSideOutput(BorderTiers.tag(t)));
        }
        DataStream<EventDocument> events = decided.getSideOutput(EventRegistry.EVENTS);
        DataStream<LabelFact> labels = decided;
        for (int t = 0; t < BorderTiers.COUNT; t++) {
            SingleOutputStreamOperator<LabelFact> merged = toTier.get(t)
                    .keyBy(f -> f.node, TypeInformation.of(String.class))
                    .transform(borderMergeName(t), TypeInformation.of(LabelFact.class), WriteBehindOperator.of(new BorderMerge(config, t)))
                    .uid(borderMergeUid(t)).name(borderMergeName(t));
            if (t + 1 < BorderTiers.COUNT) { // a tier hands components up to the next one only
                toTier.set(t + 1, toTier.get(t + 1).union(merged.getSideOutput(BorderTiers.tag(t + 1))));
            }
            events = events.union(merged.getSideOutput(EventRegistry.EVENTS));
            labels = labels.union(merged);
        }

        // Shuffle 3: by local label, so the writes of one label stay in order.
        DataStream<PhotoWrite> photoWrites = labels
                .keyBy(f -> f.label, TypeInformation.of(String.class))
                .transform("Photo labeler", TypeInformation.of(PhotoWrite.class), WriteBehindOperator.of(new PhotoLabeler(config)))
                .uid("photo-labeler").name("Photo labeler");

        return new ClusteringStreams(photoWrites, events, dlq, tooLate, erasures);
    }
}
