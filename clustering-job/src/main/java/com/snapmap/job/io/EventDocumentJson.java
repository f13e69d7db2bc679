package com.snapmap.job.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.snapmap.contract.EventJson;
import com.snapmap.job.model.EventDocument;

/** The JSON form of an event document: the contract's {@link EventJson}, shaped like the MongoDB document. */
public final class EventDocumentJson {

    private EventDocumentJson() {}

    public static ObjectNode toNode(EventDocument d) {
        return EventJson.toNode(d);
    }

    public static String toJson(EventDocument d) {
        return EventJson.toJson(d);
    }
}
