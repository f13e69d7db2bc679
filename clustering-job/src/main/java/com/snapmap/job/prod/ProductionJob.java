package com.snapmap.job.prod;

import com.snapmap.job.ClusteringGraph;
import com.snapmap.job.ClusteringStreams;
import com.snapmap.job.TakenAtWatermarks;
import com.snapmap.job.cold.ColdPathFunction;
import com.snapmap.job.cold.HotFeedFilterFunction;
import com.snapmap.job.model.EventDocument;
import com.snapmap.job.model.SourceRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Wires {@link ClusteringGraph} to Kafka and MongoDB (docs/HOT-PATH.md, "The graph"): KafkaSource on
 * photo-uploads, MongoSinks for photos and events, the cold path for late photos, exactly-once
 * KafkaSinks for the DLQ and the event-updates feed (behind the hot feed filter). Used by
 * {@link ClusteringJobMain} and by the integration tests.
 */
public final class ProductionJob {

    private ProductionJob() {}

    public static void build(StreamExecutionEnvironment env, JobSettings s) {
        env.enableCheckpointing(s.longValue("checkpoint.interval-ms"), CheckpointingMode.EXACTLY_ONCE);

        KafkaSource<SourceRecord> source = KafkaSource.<SourceRecord>builder()
                .setBootstrapServers(s.get("kafka.bootstrap-servers"))
                .setTopics(s.get("kafka.topic.uploads"))
                .setGroupId(s.get("kafka.group-id"))
                .setStartingOffsets(startingOffsets(s.get("kafka.starting-offsets")))
                .setDeserializer(new KafkaUploadDeserializer(s.clustering().maxFutureSkewMillis()))
                // Offsets are committed on completed checkpoints; they serve monitoring and a
                // restart without a savepoint, the checkpoint itself is the source of truth.
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000")
                // A batch larger than max.partition.fetch.bytes (1 MiB) is still returned when it is
                // the first of its fetch, so the source reads whatever the broker took: a record of
                // up to the broker's message.max.bytes, or a compressed one larger unpacked.
                .build();
        DataStream<SourceRecord> records = env
                .fromSource(source, TakenAtWatermarks.strategy(s.clustering()), "photo-uploads")
                .uid("kafka-source").name("Kafka photo-uploads");

        ClusteringStreams out = ClusteringGraph.build(records, s.clustering());

        // Guarded writes (the contract's): a write whose condition is false is skipped, not a failure.
        // A task of its own, not chained to the photo labeler: while a bulk is in flight the labeler
        // goes on into the network buffers between them, and Flink's busy and back-pressured times
        // tell the labeler's work from the wait on MongoDB (the events sink has many inputs: never chained).
        out.photoWrites.sinkTo(mongoSink(s, com.snapmap.contract.MongoSchema.PHOTOS, new PhotoWriteModels()))
                .uid("sink-mongo-photos").name("MongoDB photos.eventId")
                .disableChaining();

        // An event is rewritten at most once per interval (its first document at once): a growing
        // event's flushes in between are coalesced into one write (docs/DELIVERY.md).
        out.events.sinkTo(new GuardedMongoSink<>(s.get("mongo.uri"), s.get("mongo.database"), com.snapmap.contract.MongoSchema.EVENTS,
                        (int) s.longValue("mongo.batch-size"), s.longValue("mongo.batch-interval-ms"), 3, new EventWriteModels(),
                        s.longValue("mongo.event-rewrite-interval-ms")))
                .uid("sink-mongo-events").name("MongoDB events");

        // The cold path: photos past the lateness, clustered at once against MongoDB (it writes there
        // itself); what it writes joins the feed through the same transactional sink.
        // Erasures go there too (docs/SEMANTICS.md, "Deleting a photo"): it re-forms the closed events
        // they touch, and waits for an open one to close.
        DataStream<EventDocument> cold = out.tooLate
                .connect(out.erasures)
                .keyBy(e -> ColdPathFunction.KEY, e -> ColdPathFunction.KEY, TypeInformation.of(String.class))
                .process(new ColdPathFunction(s.get("mongo.uri"), s.get("mongo.database"), s.clustering().linkRule(),
                        s.placeLookup(), s.clustering().hotHoldMillis()))
                .returns(EventDocument.class)
                .uid("cold-path").name("Cold path (late photos)");

        // Per event, the hot path's records stop at the cold path's version of it: the hot path's are
        // lower (an event it once closed, republished by a replay), and through one keyed operator
        // both reach the sink in the order it passed them (docs/DELIVERY.md, "The cold path").
        DataStream<EventDocument> feed = out.events
                .connect(cold)
                .keyBy(d -> d.eventId, d -> d.eventId, TypeInformation.of(String.class))
                .process(new HotFeedFilterFunction())
                .returns(EventDocument.class)
                .uid("hot-feed-filter").name("Hot feed filter (behind the cold path)");

        feed.sinkTo(KafkaSink.<EventDocument>builder()
                        .setBootstrapServers(s.get("kafka.bootstrap-servers"))
                        .setRecordSerializer(new EventUpdateSerializer(s.get("kafka.topic.event-updates")))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(s.get("kafka.transactional-id-prefix") + "-event-updates")
                        .setProperty("transaction.timeout.ms", s.get("kafka.transaction-timeout-ms"))
                        .build())
                .uid("sink-kafka-event-updates").name("Kafka event-updates");

        out.deadLetters.sinkTo(KafkaSink.<com.snapmap.job.model.BadRecord>builder()
                        .setBootstrapServers(s.get("kafka.bootstrap-servers"))
                        .setRecordSerializer(new DeadLetterSerializer(s.get("kafka.topic.dlq")))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix(s.get("kafka.transactional-id-prefix") + "-dlq")
                        .setProperty("transaction.timeout.ms", s.get("kafka.transaction-timeout-ms"))
                        .setProperty("max.request.size", Integer.toString(DeadLetterSerializer.MAX_REQUEST_BYTES))
                        .build())
                .uid("sink-kafka-dlq").name("Kafka photo-uploads-dlq");
    }

    private static <T> GuardedMongoSink<T> mongoSink(JobSettings s, String collection, MongoWrites<T> writes) {
        return new GuardedMongoSink<>(s.get("mongo.uri"), s.get("mongo.database"), collection,
                (int) s.longValue("mongo.batch-size"), s.longValue("mongo.batch-interval-ms"), 3, writes);
    }

    static OffsetsInitializer startingOffsets(String mode) {
        switch (mode) {
            case "earliest":
                return OffsetsInitializer.earliest();
            case "latest":
                return OffsetsInitializer.latest();
            default:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }
}
