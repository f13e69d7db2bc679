package com.snapmap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

class KeyedShufflesTest {

    @Test
    void countsKeyedStagesAndAUnionFedStageOnce() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        DataStream<Long> a = env.fromSequence(1, 10);
        DataStream<Long> keyedOnce = a.keyBy(x -> x % 3, Types.LONG).map(x -> x + 1).returns(Types.LONG);
        DataStream<Long> forwarded = a.map(x -> x * 2).returns(Types.LONG).rebalance().map(x -> x).returns(Types.LONG);
        keyedOnce.union(forwarded).keyBy(x -> x % 5, Types.LONG).map(x -> x).returns(Types.LONG)
                .sinkTo(new DiscardingSink<>());
        assertThat(KeyedShuffles.count(env.getStreamGraph())).isEqualTo(2);
    }
}
