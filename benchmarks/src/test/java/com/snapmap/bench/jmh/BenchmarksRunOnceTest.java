package com.snapmap.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Every JMH benchmark sets up and runs once without JMH: a record type the benchmarks build
 * serializers for can change shape (a field added) and break `./snapmap bench` at its first row.
 */
class BenchmarksRunOnceTest {

    static Stream<Method> benchmarks() {
        return Stream.of(CoreBenchmarks.class, RecordBenchmarks.class)
                .flatMap(c -> Arrays.stream(c.getMethods()))
                .filter(m -> m.isAnnotationPresent(Benchmark.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benchmarks")
    void runsOnceAfterItsSetUp(Method benchmark) throws Exception {
        Object state = benchmark.getDeclaringClass().getDeclaredConstructor().newInstance();
        List<Method> setUps = Arrays.stream(state.getClass().getMethods())
                .filter(m -> m.isAnnotationPresent(Setup.class)).toList();
        for (Method setUp : setUps) {
            setUp.invoke(state);
        }
        assertThat(benchmark.getParameterCount()).isZero();
        assertThatCode(() -> benchmark.invoke(state)).doesNotThrowAnyException();
    }
}
