package org.hotline.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads an HTTP answer with a size limit and a deadline for the whole answer, headers and body.
 * The JDK's own {@code BodyHandlers.ofByteArray()} reads whatever the other side sends, for as
 * long as it sends it, and a request's {@code timeout} ends when the headers arrive: a peer
 * answering with an endless body once took a station from 150 MB to 6 GB of heap in 30 s. Past
 * the limit or the deadline the answer is abandoned and its connection closed.
 */
public final class BoundedBody {
    private BoundedBody() {}

    /** The answer was larger than the limit; nothing of it is used. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("ANSWER_TOO_LARGE: the answer is larger than " + limit + " bytes");
        }
    }

    /** The answer began but was not complete in time: a peer that drips its answer, or stalls in it. */
    public static final class TooSlowException extends HttpTimeoutException {
        private static final long serialVersionUID = 1L;

        TooSlowException(Duration deadline, long received) {
            super("ANSWER_TOO_SLOW: the answer was not complete after " + deadline.toMillis() + " ms (" + received
                    + " bytes of body by then)");
        }
    }

    /**
     * Sends {@code request} and returns the answer once its body is complete: at most
     * {@code limit} bytes, all within {@code deadline} of sending.
     *
     * @throws TooLargeException past the limit (also when the declared length is past it)
     * @throws TooSlowException past the deadline
     */
    public static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, long limit, Duration deadline)
            throws IOException, InterruptedException {
        Collector[] collector = new Collector[1];
        HttpResponse.BodyHandler<byte[]> handler = info -> {
            Collector body = new Collector(limit);
            collector[0] = body;
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > limit) {
                body.fail(new TooLargeException(limit));
            }
            return body;
        };
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, handler);
        try {
            return answer.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            Collector body = collector[0];
            if (body == null) {
                // Not even the headers: a silent peer or network, not one that misbehaves.
                throw new HttpTimeoutException("no answer within " + deadline.toMillis() + " ms");
            }
            TooSlowException slow = new TooSlowException(deadline, body.received());
            body.fail(slow);
            throw slow;
        } catch (InterruptedException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof TooLargeException || cause instanceof TooSlowException) {
                    throw (IOException) cause;
                }
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Collects the body's bytes; fails, cancelling the subscription, one byte past the limit. */
    private static final class Collector implements HttpResponse.BodySubscriber<byte[]> {
        private final long limit;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription; // guarded by this
        private long received; // guarded by this

        Collector(long limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription subscription) {
            if (this.subscription != null || body.isDone()) {
                subscription.cancel();
                return;
            }
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public synchronized void onNext(List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                received += item.remaining();
                if (received > limit) {
                    fail(new TooLargeException(limit));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public synchronized void onComplete() {
            body.complete(bytes.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        synchronized long received() {
            return received;
        }

        synchronized void fail(IOException failure) {
            if (body.completeExceptionally(failure)) {
                bytes.reset();
                if (subscription != null) {
                    subscription.cancel();
                }
            }
        }
    }
}
