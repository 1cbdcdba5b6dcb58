package io.defenderrelay.graph;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-over between a poll's reader thread and its thread of delivery, as Camel's split drives it. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReadAheadTest {
    private static final URI GRAPH = URI.create("https://graph.example");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static WindowRead read(int hour) {
        return new WindowRead(Window.of(T0.plusSeconds(3600L * hour), T0.plusSeconds(3600L * (hour + 1))), GRAPH);
    }

    /** Takes every read as the split does (asks for the next one before delivering the current one). */
    private static List<WindowRead> deliverAll(ReadAhead.Reads reads) throws Exception {
        List<WindowRead> delivered = new ArrayList<>();
        while (reads.hasNext()) {
            Object item = reads.next();
            reads.hasNext();
            delivered.add(reads.taken(item));
            reads.completed();
        }
        return delivered;
    }

    @Test
    void readsArriveInTheOrderTheyWereReadThenEnd() throws Exception {
        ReadAhead.Reads reads = new ReadAhead.Reads();
        List<WindowRead> read = List.of(read(0), read(1), read(2));
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            read.forEach(reads::hand);
            reads.hand(ReadAhead.Reads.END);
        });
        assertEquals(read, deliverAll(reads));
        reader.get(5, TimeUnit.SECONDS);
        assertFalse(reads.hasNext(), "the end stays the end");
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(size, list.size());
    }

    @Test
    void theReaderWaitsOnceTwoReadsWaitToBeTaken() throws Exception {
        ReadAhead.Reads reads = new ReadAhead.Reads();
        List<WindowRead> read = List.of(read(0), read(1), read(2), read(3));
        List<WindowRead> handed = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> read.forEach(r -> {
            reads.hand(r);
            handed.add(r);
        }));
        awaitSize(handed, ReadAhead.WAITING);
        Thread.sleep(300);
        assertEquals(read.subList(0, ReadAhead.WAITING), handed, "a third read waits for the poll to take one");
        assertTrue(reads.hasNext());
        assertSame(read.get(0), reads.taken(reads.next()));
        reads.completed();
        awaitSize(handed, ReadAhead.WAITING + 1);
        reads.close();
        assertThrows(ExecutionException.class, () -> reader.get(5, TimeUnit.SECONDS),
                "a closed poll stops the waiting reader");
    }

    @Test
    void aFailedReadArrivesAfterTheReadsBeforeItAndEndsThePoll() throws Exception {
        ReadAhead.Reads reads = new ReadAhead.Reads();
        WindowRead first = read(0);
        GraphResponseException failure = new GraphResponseException("page 2 was not JSON");
        CompletableFuture.runAsync(() -> {
            reads.hand(first);
            reads.hand(new ReadAhead.Failed(failure));
        });
        assertTrue(reads.hasNext());
        Object item = reads.next();
        assertTrue(reads.hasNext(), "the failure is there to take");
        assertSame(first, reads.taken(item));
        reads.completed();
        Object failed = reads.next();
        assertSame(failure, assertThrows(GraphResponseException.class, () -> reads.taken(failed)),
                "thrown as the reader met it, not wrapped");
        assertFalse(reads.hasNext(), "nothing after a failure");
    }

    @Test
    void aFailedDeliveryEndsTheReadsAndStopsTheReaderInsteadOfReadingEveryWindowLeft() throws Exception {
        ReadAhead.Reads reads = new ReadAhead.Reads();
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            int handed = 0;
            try {
                for (int hour = 0; hour < 1000; hour++) {
                    reads.hand(read(hour));
                    handed++;
                }
            } catch (CancellationException stopped) {
                return handed;
            }
            return handed;
        });
        Object item = reads.next();
        assertTrue(reads.hasNext());
        reads.taken(item); // the sink fails: completed() is never called
        // Camel's split now asks for every read left, to release them: one is already taken, then the reads end
        int released = 0;
        while (reads.hasNext()) {
            reads.next();
            released++;
        }
        assertTrue(released <= 1, "at most the read taken ahead: " + released);
        int handed = reader.get(5, TimeUnit.SECONDS);
        // the read delivered, the one taken ahead and those waiting to be taken
        assertTrue(handed <= ReadAhead.WAITING + 2, "the reader stopped at once instead of reading on: " + handed
                + " windows handed");
    }

    @Test
    void aReaderWaitingToHandOverIsReleasedWhenThePollEnds() {
        ReadAhead.Reads reads = new ReadAhead.Reads();
        for (int hour = 0; hour < ReadAhead.WAITING; hour++) {
            reads.hand(read(hour)); // the reads that may wait are there: the next one waits to be handed over
        }
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> reads.hand(read(ReadAhead.WAITING)));
        reads.close();
        assertThrows(Exception.class, () -> reader.get(5, TimeUnit.SECONDS), "hand() gives up once nobody takes");
        assertTrue(reader.isCompletedExceptionally());
    }
}
