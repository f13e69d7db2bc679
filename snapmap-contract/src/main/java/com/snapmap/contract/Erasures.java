package com.snapmap.contract;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.bson.Document;

/**
 * The one look-up of {@code erasures} ({@link MongoSchema#ERASURES}, written by the gateway) that the
 * gateway's reads and the job's writes share: which of some photos were erased (docs/SEMANTICS.md,
 * "Deleting a photo"). One query on {@code _id}, whatever the number of ids.
 */
public final class Erasures {

    private Erasures() {}

    /** Those of {@code photoIds} that have an erasure record. */
    public static Set<String> erasedAmong(MongoDatabase db, Collection<String> photoIds) {
        return erasedAmong(db.getCollection(MongoSchema.ERASURES), photoIds);
    }

    /** As the other, on the {@code erasures} collection itself. */
    public static Set<String> erasedAmong(MongoCollection<Document> erasures, Collection<String> photoIds) {
        Set<String> out = new HashSet<>();
        if (!photoIds.isEmpty()) {
            erasures.find(Filters.in(MongoSchema.ID, photoIds)).projection(new Document(MongoSchema.ID, 1))
                    .forEach(d -> out.add(d.getString(MongoSchema.ID)));
        }
        return out;
    }
}
