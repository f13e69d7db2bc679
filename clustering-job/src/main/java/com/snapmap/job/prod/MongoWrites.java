package com.snapmap.job.prod;

import com.mongodb.client.model.WriteModel;
import java.io.Serializable;
import org.bson.Document;

/** How a stream element becomes a MongoDB write, for {@link GuardedMongoSink}. */
public interface MongoWrites<T> extends Serializable {

    WriteModel<Document> toWrite(T element);

    /**
     * Elements with the same non-null key replace each other in a pending batch (only the last
     * one is written); null keeps every element, in order.
     */
    default String coalesceKey(T element) {
        return null;
    }
}
