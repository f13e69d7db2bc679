package com.snapmap.contract;

/** The Kafka topics the services share, named once. */
public final class Topics {

    /** Upload events from the gateway (and the sweeper's re-drives) to the job; key photoId. */
    public static final String UPLOADS = "photo-uploads";
    /** Records of {@link #UPLOADS} the job could not parse or validate, bytes untouched. */
    public static final String UPLOADS_DLQ = "photo-uploads-dlq";
    /** The job's change feed of event documents; key eventId. */
    public static final String EVENT_UPDATES = "event-updates";

    private Topics() {}
}
