package io.defenderrelay.bench;

import com.sun.tools.attach.VirtualMachine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Another JVM on this machine (the relay's, started by RelayProcess), measured from outside: its JMX beans through
 * the attach API's local management agent (no port, same user only), its CPU time and its peak resident set from
 * the operating system. Attach only once the JVM is up (it answers requests): an attach request reaching a JVM
 * that has not yet installed its signal handlers would end it.
 */
final class AttachedJvm implements AutoCloseable {
    private final ProcessHandle process;
    private final JMXConnector connector;

    private AttachedJvm(ProcessHandle process, JMXConnector connector) {
        this.process = process;
        this.connector = connector;
    }

    static AttachedJvm attach(ProcessHandle process) throws IOException {
        try {
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(process.pid()));
            try {
                String address = vm.startLocalManagementAgent();
                return new AttachedJvm(process, JMXConnectorFactory.connect(new JMXServiceURL(address)));
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to JVM " + process.pid() + ": " + e.getMessage(), e);
        }
    }

    MBeanServerConnection connection() throws IOException {
        return connector.getMBeanServerConnection();
    }

    /** CPU time of all the JVM's threads so far (user and system), as the operating system counts it. */
    Duration cpuTime() {
        return process.info().totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("the OS does not report the CPU time of " + process.pid()));
    }

    /** The most live threads the JVM has had since it started. */
    int peakThreads() throws IOException {
        return ManagementFactory.newPlatformMXBeanProxy(connection(), ManagementFactory.THREAD_MXBEAN_NAME,
                ThreadMXBean.class).getPeakThreadCount();
    }

    /** The largest resident set the process has had, in MiB (Linux's VmHWM); empty where /proc does not say. */
    Optional<Double> peakResidentMib() {
        return statusMib("VmHWM:");
    }

    /** The process's resident set now, in MiB (Linux's VmRSS); empty where /proc does not say. */
    Optional<Double> residentMib() {
        return statusMib("VmRSS:");
    }

    private Optional<Double> statusMib(String field) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith(field))
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) / 1024.0).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
