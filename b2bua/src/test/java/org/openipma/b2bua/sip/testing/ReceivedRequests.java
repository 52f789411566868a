package org.openipma.b2bua.sip.testing;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sip.message.Request;

/** The requests a test phone received, in order, for a test to wait on. Thread-safe. */
final class ReceivedRequests {
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();

    void add(Request request) {
        queue.add(request);
    }

    /**
     * The next request of {@code method}, waiting up to {@value TestPhone#TIMEOUT_SECONDS} s; null if none
     * came. Requests of other methods received before it are taken too.
     */
    Request await(String method) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestPhone.TIMEOUT_SECONDS);
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            Request request = queue.poll(left, TimeUnit.NANOSECONDS);
            if (request != null && request.getMethod().equals(method)) {
                return request;
            }
        }
        return null;
    }

    /** Every request not yet taken by {@link #await}, in order. */
    List<Request> notYetTaken() {
        return List.copyOf(queue);
    }
}
