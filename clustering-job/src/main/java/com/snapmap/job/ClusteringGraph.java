package com.snapmap.job;

import com.snapmap.core.wire.UploadEvent;
import com.snapmap.job.model.BadRecord;
import com.snapmap.job.model.CellPhoto;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.LabelFact;
import com.snapmap.job.model.LinkFact;
import com.snapmap.job.model.PhotoWrite;
import com.snapmap.job.model.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Builds the streaming graph of DESIGN.md §2 steps 1–7 (docs/HOT-PATH.md explains its design) from any source of raw records. The
 * production job (Kafka in, MongoDB and Kafka out), the file-replay CLI and the tests all call
 * this one function and attach their own sinks to the returned {@link ClusteringStreams}.
 *
 * <p>Operator uids are part of the savepoint format: never rename one.
 */
public final class ClusteringGraph {

    private ClusteringGraph() {}

    /**
     * @param raw records from a source built with {@link TakenAtWatermarks#strategy}, so that
     *     every split (Kafka partition, file) is watermarked on its own
     */
    public static ClusteringStreams build(DataStream<RawRecord> raw, ClusteringConfig config) {
        raw.getExecutionEnvironment().setMaxParallelism(config.maxParallelism());
        // Every state and record type is a POJO or has an explicit serializer: fail, never Kryo.
        raw.getExecutionEnvironment().getConfig().disableGenericTypes();

        SingleOutputStreamOperator<UploadEvent> uploads = raw
                .process(new ParseUploads(config.maxFutureSkewMillis()))
                // Chained to the source: nothing is shuffled before the record is known to be good.
                .setParallelism(raw.getParallelism())
                .uid("parse-uploads").name("Parse and validate uploads");
        DataStream<BadRecord> dlq = uploads.getSideOutput(ParseUploads.DLQ);

        SingleOutputStreamOperator<CellPhoto> routed = uploads
                .process(new RouteToCells(config)).returns(CellPhoto.class)
                .setParallelism(raw.getParallelism())
                .uid("route-to-cells").name("Route to home and halo regions");
        DataStream<UploadEvent> tooLate = routed.getSideOutput(RouteToCells.TOO_LATE);

        // Shuffle 1: by region. De-duplication happens here too: every copy of a photo goes to
        // the same regions, so no shuffle by photoId is needed.
        DataStream<LinkFact> linked = routed
                .keyBy(p -> p.cell, TypeInformation.of(String.class))
                .process(new CellLinker(config)).returns(LinkFact.class)
                .uid("cell-linker").name("Cell linker");

        // Shuffle 2: by the region whose registry owns the fact (the margin join is part of it).
        SingleOutputStreamOperator<LabelFact> decided = linked
                .keyBy(f -> f.route, TypeInformation.of(String.class))
                .process(new EventRegistry(config)).returns(LabelFact.class)
                .uid("event-registry").name("Event registry (by region)");

        // Only clusters that cross a region border, a part at most once per flush interval.
        SingleOutputStreamOperator<LabelFact> bordered = decided.getSideOutput(EventRegistry.BORDER)
                .keyBy(f -> BorderMerge.KEY, TypeInformation.of(String.class))
                .process(new BorderMerge(config)).returns(LabelFact.class)
                .uid("border-merge").name("Border merge");

        DataStream<EventDocument> events = decided.getSideOutput(EventRegistry.EVENTS)
                .union(bordered.getSideOutput(EventRegistry.EVENTS));

        // Shuffle 3: by local label, so the writes of one label stay in order.
        DataStream<PhotoWrite> photoWrites = decided.union(bordered)
                .keyBy(f -> f.label, TypeInformation.of(String.class))
                .process(new PhotoLabeler(config)).returns(PhotoWrite.class)
                .uid("photo-labeler").name("Photo labeler");

        return new ClusteringStreams(photoWrites, events, dlq, tooLate);
    }
}
