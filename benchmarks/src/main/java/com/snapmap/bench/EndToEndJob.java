package com.snapmap.bench;

import java.util.Map;

/**
 * The production job as an end-to-end run drives it, wherever it runs (a MiniCluster in this JVM,
 * the job jar on a standalone cluster): submitted with its settings, checked after each phase,
 * cancelled at close.
 */
public interface EndToEndJob extends AutoCloseable {

    /** Submits the job with {@code settings} (the keys of {@code JobOptions}) at {@code parallelism}. */
    void submit(Map<String, String> settings, int parallelism) throws Exception;

    /** Throws, with the job's failure cause where it has one, if the job is no longer running. */
    void failIfEnded();

    /** Cancels the job if it was submitted. */
    @Override
    void close() throws Exception;
}
