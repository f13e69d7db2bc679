package com.snapmap.bench;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

/**
 * Drops every record but counts it into an accumulator: the benchmark's sink, so the run measures
 * the graph and not a file or a database, and still knows how many writes a real sink would send.
 */
@SuppressWarnings("deprecation") // SinkFunction: the simplest sink that can own an accumulator
public final class CountingDiscard<T> extends RichSinkFunction<T> {

    private static final long serialVersionUID = 1L;

    private final String accumulator;
    private transient LongCounter counter;

    public CountingDiscard(String accumulator) {
        this.accumulator = accumulator;
    }

    @Override
    public void open(Configuration parameters) {
        counter = new LongCounter();
        getRuntimeContext().addAccumulator(accumulator, counter);
    }

    @Override
    public void invoke(T value, Context context) {
        counter.add(1);
    }
}
