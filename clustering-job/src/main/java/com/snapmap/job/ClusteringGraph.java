package com.snapmap.job;

import com.snapmap.core.Photo;
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
 * Builds the streaming graph of DESIGN.md §2 steps 1–7 from any source of raw records. The
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

        SingleOutputStreamOperator<Photo> photos = uploads
                .keyBy(e -> e.photoId, TypeInformation.of(String.class))
                .process(new DeduplicatePhotos(config))
                .uid("dedup-photos").name("De-duplicate by photoId");
        DataStream<UploadEvent> tooLate = photos.getSideOutput(DeduplicatePhotos.TOO_LATE);

        DataStream<CellPhoto> routed = photos
                .flatMap(new RouteToCells(config)).returns(CellPhoto.class)
                .uid("route-to-cells").name("Route to home and halo cells");

        DataStream<LinkFact> linked = routed
                .keyBy(p -> p.cell, TypeInformation.of(String.class))
                .process(new CellLinker(config)).returns(LinkFact.class)
                .uid("cell-linker").name("Cell linker");

        DataStream<LinkFact> joined = linked
                .keyBy(f -> f.photoId, TypeInformation.of(String.class))
                .process(new MarginJoin(config)).returns(LinkFact.class)
                .uid("margin-join").name("Margin join");

        SingleOutputStreamOperator<LabelFact> decided = joined
                .keyBy(f -> EventRegistry.KEY, TypeInformation.of(String.class))
                .process(new EventRegistry(config)).returns(LabelFact.class)
                .uid("event-registry").name("Event registry");
        DataStream<EventDocument> events = decided.getSideOutput(EventRegistry.EVENTS);

        DataStream<PhotoWrite> photoWrites = decided
                .keyBy(f -> f.label, TypeInformation.of(String.class))
                .process(new PhotoLabeler()).returns(PhotoWrite.class)
                .uid("photo-labeler").name("Photo labeler");

        return new ClusteringStreams(photoWrites, events, dlq, tooLate);
    }
}
