package io.colorcache.gateway.rest;

import io.vertx.ext.web.RoutingContext;

/**
 * What the gateway's own handlers hand to each other about one request, under one routing-context
 * key: the upload {@link UploadBodyReader} read (and its form's callback URL), the {@link UploadBudget} reservation that
 * {@link ImageBodyWriter} releases once the answer has left, and the {@code Accept} that
 * {@link JobsAcceptFilter} set aside. Each is taken once.
 */
final class RequestExchange {

    private static final String KEY = RequestExchange.class.getName();

    private Upload upload;
    private UploadBudget.Reservation reservation;
    private String resultAccept;
    private String formCallbackUrl;

    private RequestExchange() {
    }

    /** The request's exchange, created on first use. */
    static RequestExchange of(RoutingContext ctx) {
        RequestExchange exchange = ctx.get(KEY);
        if (exchange == null) {
            exchange = new RequestExchange();
            ctx.put(KEY, exchange);
        }
        return exchange;
    }

    void upload(Upload read) {
        upload = read;
    }

    /** The upload, handed over once; null when none was read. */
    Upload takeUpload() {
        Upload taken = upload;
        upload = null;
        return taken;
    }

    void reservation(UploadBudget.Reservation held) {
        reservation = held;
    }

    /** The reservation, still held here; null when there is none (left). */
    UploadBudget.Reservation reservation() {
        return reservation;
    }

    /** The reservation, taken over once; null when there is none (left). */
    UploadBudget.Reservation takeReservation() {
        UploadBudget.Reservation taken = reservation;
        reservation = null;
        return taken;
    }

    void formCallbackUrl(String url) {
        formCallbackUrl = url;
    }

    /** The multipart field {@code callbackUrl}; null when the request had none. */
    String formCallbackUrl() {
        return formCallbackUrl;
    }

    void resultAccept(String accept) {
        resultAccept = accept;
    }

    /** The client's {@code Accept} on a job submission; null when it sent none. */
    String resultAccept() {
        return resultAccept;
    }
}
