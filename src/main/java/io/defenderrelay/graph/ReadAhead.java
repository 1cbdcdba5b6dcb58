package io.defenderrelay.graph;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.io.Closeable;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Reads a poll's windows ahead of their delivery: while the poll's thread delivers a window (normalize, sinks,
 * checkpoint), a reader thread pages through the next ones (route read-window). Reads come back in the order the
 * poll would have made them, a split window's parts before the window itself, so they are delivered and recorded
 * exactly as before; a failed read comes back in its place, after every window read before it. A reader keeps at
 * most {@value #WAITING} reads waiting to be taken, so a poll holds at most {@value #WAITING} + 3 windows: the one
 * delivered, the next (Camel's split takes it to know whether the current one is the last), those waiting and the one
 * being read. A window's alerts wait as their bytes (about 3 MB for 1000), not as trees. Two waiting reads cover a
 * window that must be split: its overflowing first page and its first part are two requests in a row, which one
 * read ahead left the poll waiting for. Readers are pooled ({@code relay.poll.threads}, one per running poll at
 * most).
 */
public final class ReadAhead {

    /** Reads done and not yet taken by the poll, at most. */
    static final int WAITING = 2;
    /** The exchange property of the read-window route that names the poll's {@link Reads}. */
    static final String READS = "reads";

    private final ProducerTemplate template;
    private final ExecutorService readers;

    public ReadAhead(CamelContext context, int threads) {
        this.template = context.createProducerTemplate();
        this.readers = context.getExecutorServiceManager().newFixedThreadPool(this, "graph-read-ahead", threads);
    }

    /** Starts reading {@code windows} of the poll's tenant; the poll takes the reads in order from the result. */
    public Reads start(Exchange poll, List<Window> windows) {
        String tenant = poll.getMessage().getHeader("tenant", String.class);
        Reads reads = new Reads();
        reads.reader = readers.submit(() -> {
            try {
                for (Window window : windows) {
                    if (reads.cancelled) {
                        return;
                    }
                    Exchange read = template.send("direct:read-window", exchange -> {
                        exchange.getMessage().setHeader("tenant", tenant);
                        exchange.getMessage().setBody(window);
                        exchange.setProperty(READS, reads);
                    });
                    if (read.getException() != null) {
                        reads.hand(new Failed(read.getException()));
                        return;
                    }
                }
                reads.hand(Reads.END);
            } catch (CancellationException e) {
                // the poll stopped taking reads: nothing waits for this one
            } catch (RuntimeException e) {
                reads.hand(new Failed(e));
            }
        });
        return reads;
    }

    /** Called by the read-window route with each read done: a window to deliver, or a split one whose parts were. */
    public void done(Reads reads, WindowRead read) {
        reads.hand(read);
    }

    /** False once the poll stopped taking reads: the window's read ends at the page it is on. */
    public boolean hasNextPage(Reads reads, WindowRead read) {
        return !reads.cancelled && read.nextLink() != null;
    }

    /** The read the poll takes next, or the failure that ended the reads, thrown as the read route met it. */
    public WindowRead taken(Reads reads, Object item) throws Exception {
        return reads.taken(item);
    }

    /** The poll delivered and recorded the read it took last. */
    public void completed(Reads reads) {
        reads.completed();
    }

    /** Stops the reader (at its next page) once the poll ends, however it ends. */
    public void stop(Reads reads) {
        if (reads != null) {
            reads.close();
        }
    }

    record Failed(Exception failure) {
    }

    /** A poll's reads in order: {@link WindowRead}s, then at most one failure. */
    public static final class Reads implements Iterator<Object>, Closeable {
        static final Object END = new Object();
        private static final long WAIT_MS = 200;

        private final BlockingQueue<Object> handoff = new ArrayBlockingQueue<>(WAITING);
        private volatile boolean cancelled;
        private volatile Future<?> reader;
        /** The poll's side, on its thread: the read taken next, the end seen, a read in delivery. */
        private Object next;
        private boolean ended;
        private boolean delivering;

        /** Reader side: waits until {@code item} has room among the waiting reads; throws once the poll stops taking. */
        void hand(Object item) {
            try {
                while (cancelled || !handoff.offer(item, WAIT_MS, TimeUnit.MILLISECONDS)) {
                    if (cancelled) {
                        throw new CancellationException("the poll stopped taking reads");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while handing over a read");
            }
        }

        /** Poll side: {@code item} goes to delivery now (a failure is thrown). */
        WindowRead taken(Object item) throws Exception {
            delivering = true;
            if (item instanceof Failed failed) {
                throw failed.failure();
            }
            return (WindowRead) item;
        }

        void completed() {
            delivering = false;
        }

        /**
         * Camel's split asks for the next read before it delivers the current one, and once more for every read left
         * when a delivery failed (to release them): a read taken but not completed means that, and ends the reads.
         */
        @Override
        public boolean hasNext() {
            if (delivering) {
                close();
            } else if (next == null && !ended) {
                next = take();
                ended = next == END || next instanceof Failed;
            }
            return next != null && next != END;
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Object item = next;
            next = null;
            return item;
        }

        private Object take() {
            try {
                while (true) {
                    Object item = handoff.poll(WAIT_MS, TimeUnit.MILLISECONDS);
                    if (item != null) {
                        return item;
                    }
                    Future<?> running = reader;
                    if (running != null && running.isDone()) {
                        // a reader always hands over an end or a failure; one that did not was stopped with the relay
                        item = handoff.poll();
                        return item != null ? item : new Failed(new IllegalStateException(
                                "the window reader ended without handing over its last read (the relay is stopping?)"));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Failed(e);
            }
        }

        @Override
        public void close() {
            cancelled = true;
        }
    }
}
