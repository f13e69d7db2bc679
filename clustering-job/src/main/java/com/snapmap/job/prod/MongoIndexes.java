package com.snapmap.job.prod;

import com.mongodb.client.MongoDatabase;
import com.snapmap.contract.SnapmapIndexes;

/** The job's start-up call of the contract's one index function (the TTL is the gateway's to set). */
public final class MongoIndexes {

    private MongoIndexes() {}

    public static void ensure(MongoDatabase db) {
        SnapmapIndexes.ensure(db);
    }
}
