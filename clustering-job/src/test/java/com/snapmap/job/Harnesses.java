package com.snapmap.job;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/** Operator test harnesses for the keyed functions, plus output helpers. */
final class Harnesses {

    private Harnesses() {}

    static <I, O> KeyedOneInputStreamOperatorTestHarness<String, I, O> open(
            KeyedProcessFunction<String, I, O> fn, KeySelector<I, String> key) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, I, O> h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(fn), key, TypeInformation.of(String.class));
        h.open();
        return h;
    }

    @SuppressWarnings("unchecked")
    static <O> List<O> values(KeyedOneInputStreamOperatorTestHarness<String, ?, O> h) {
        List<O> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof StreamRecord) {
                out.add(((StreamRecord<O>) o).getValue());
            }
        }
        return out;
    }

    static <T> List<T> side(KeyedOneInputStreamOperatorTestHarness<String, ?, ?> h, OutputTag<T> tag) {
        List<T> out = new ArrayList<>();
        if (h.getSideOutput(tag) != null) {
            for (StreamRecord<T> r : h.getSideOutput(tag)) {
                out.add(r.getValue());
            }
        }
        return out;
    }
}
