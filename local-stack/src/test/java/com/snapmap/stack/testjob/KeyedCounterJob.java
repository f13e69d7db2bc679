package com.snapmap.stack.testjob;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * Tiny stateful streaming job for the session-cluster test: a slow generated sequence, a keyed
 * counter in (RocksDB) keyed state, a discarding sink. Every operator has a stable uid so a
 * savepoint taken at one parallelism restores at another. Packaged into a jar by the test.
 */
public final class KeyedCounterJob {

    public static void main(String[] args) throws Exception {
        long perSecond = args.length > 0 ? Long.parseLong(args[0]) : 20;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setMaxParallelism(128);
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(
                i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(perSecond), Types.LONG);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence").uid("sequence-source")
                .keyBy(v -> v % 16)
                .process(new Counter()).uid("keyed-counter").name("keyed-counter")
                .sinkTo(new DiscardingSink<>()).uid("discard-sink").name("discard-sink");
        env.execute("snapmap-keyed-counter-test");
    }

    /** Counts records per key in keyed state. */
    static final class Counter extends KeyedProcessFunction<Long, Long, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(Configuration parameters) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
            long n = count.value() == null ? 1 : count.value() + 1;
            count.update(n);
            out.collect(ctx.getCurrentKey() + "=" + n);
        }
    }
}
