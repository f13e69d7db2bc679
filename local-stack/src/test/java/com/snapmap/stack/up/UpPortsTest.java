package com.snapmap.stack.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class UpPortsTest {

    @Test
    void freePortsAreDistinctAndRoundTrip() {
        UpPorts p = UpPorts.free();
        assertThat(p.byUse().values()).doesNotHaveDuplicates();
        assertThat(UpPorts.parse(p.toString())).isEqualTo(p);
        p.requireAllFree();
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            UpPorts p = UpPorts.free();
            UpPorts clash = new UpPorts(taken.getLocalPort(), p.kafka(), p.kafkaController(), p.mongo(), p.azurite(), p.flinkRest(), p.flinkRpc());
            assertThatThrownBy(clash::requireAllFree).hasMessage("port " + taken.getLocalPort()
                    + " (gateway) is in use; free it or run: ./snapmap up --free-ports");
        }
    }

    @Test
    void freePortsAreOutsideTheKernelsEphemeralRange() {
        int[] range = UpPorts.ephemeralRange();
        assertThat(UpPorts.free().byUse().values()).allSatisfy(port -> assertThat(port < range[0] || port > range[1]).as("port %d outside %d-%d", port, range[0], range[1]).isTrue());
    }

    @Test
    void theEphemeralRangeIsTheKernels() throws Exception {
        String[] kernel;
        try (java.io.FileInputStream in = new java.io.FileInputStream(UpPorts.EPHEMERAL_RANGE.toFile())) {
            kernel = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim().split("\\s+");
        }
        assertThat(UpPorts.ephemeralRange()).containsExactly(Integer.parseInt(kernel[0]), Integer.parseInt(kernel[1]));
    }

    @Test
    void theUsualPorts() {
        assertThat(UpPorts.usual().gateway()).isEqualTo(8080);
        assertThat(UpPorts.usual().flinkRest()).isEqualTo(8081);
    }
}
