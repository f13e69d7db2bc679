package com.snapmap.chaos;

import java.time.Duration;

/**
 * One injected fault: the pid killed, and the time from the kill until the system was healthy again
 * with uploads acknowledged ({@code recovered} false when it was not within the timeout).
 */
public record FaultResult(Fault fault, long pid, boolean recovered, Duration recovery, String note) {}
