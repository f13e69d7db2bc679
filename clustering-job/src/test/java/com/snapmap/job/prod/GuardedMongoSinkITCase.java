package com.snapmap.job.prod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.snapmap.contract.MongoSchema;
import com.snapmap.job.MiniClusters;
import com.snapmap.job.model.PhotoWrite;
import com.snapmap.testkit.FreePorts;
import com.snapmap.testkit.MongoExtension;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.bson.Document;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The MongoDB sink on the MongoDB-wire server: batches written on their own thread still apply in
 * the order their writes arrived, and a batch that cannot be written fails the job.
 */
class GuardedMongoSinkITCase {

    @RegisterExtension
    @Order(1)
    static final MiniClusterExtension MINI_CLUSTER = MiniClusters.create();

    @RegisterExtension
    @Order(2)
    static final MongoExtension MONGO = new MongoExtension();

    /**
     * Each round adds a photo to one label under a new id, then relabels the label to it: only if
     * every batch (three writes each) applies after the one before does every photo end with the
     * last id.
     */
    @Test
    void batchesApplyInArrivalOrder() throws Exception {
        int rounds = 300;
        List<PhotoWrite> writes = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            writes.add(PhotoWrite.photo("p" + i, "r/p0", "e" + i));
            writes.add(PhotoWrite.label("r/p0", "e" + i));
        }
        run(MONGO.connectionString(), "in_order", writes);

        try (MongoClient client = MongoClients.create(MONGO.connectionString())) {
            MongoCollection<Document> photos = client.getDatabase("in_order").getCollection(MongoSchema.PHOTOS);
            assertThat(photos.countDocuments()).isEqualTo(rounds);
            for (Document d : photos.find()) {
                assertThat(d.getString(MongoSchema.EVENT_ID)).as("photo %s", d.get(MongoSchema.ID)).isEqualTo("e" + (rounds - 1));
            }
        }
    }

    @Test
    void aBatchThatCannotBeWrittenFailsTheJob() {
        // Nothing listens there; the client gives up on a server after 300 ms, the sink after its retries.
        String nowhere = "mongodb://127.0.0.1:" + FreePorts.next() + "/?serverSelectionTimeoutMS=300";
        List<PhotoWrite> writes = List.of(PhotoWrite.photo("p1", "r/p1", "e1"));

        assertThatThrownBy(() -> run(nowhere, "unreachable", writes))
                .satisfies(e -> assertThat(ExceptionUtils.findThrowableWithMessage(e, "photos write failed after")).isPresent());
    }

    private static void run(String uri, String database, List<PhotoWrite> writes) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromData(writes, TypeInformation.of(PhotoWrite.class))
                .sinkTo(new GuardedMongoSink<>(uri, database, MongoSchema.PHOTOS, 3, 5, 1, new PhotoWriteModels()))
                .name("MongoDB photos");
        env.execute("guarded-mongo-sink");
    }
}
