package io.leadrouter.testing;

import com.google.protobuf.ByteString;
import com.salesforce.eventbus.protobuf.ConsumerEvent;
import com.salesforce.eventbus.protobuf.FetchRequest;
import com.salesforce.eventbus.protobuf.FetchResponse;
import com.salesforce.eventbus.protobuf.ProducerEvent;
import com.salesforce.eventbus.protobuf.PubSubGrpc;
import com.salesforce.eventbus.protobuf.SchemaInfo;
import com.salesforce.eventbus.protobuf.SchemaRequest;
import com.salesforce.eventbus.protobuf.TopicInfo;
import com.salesforce.eventbus.protobuf.TopicRequest;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Salesforce's Pub/Sub API played by a real gRPC server (Netty, plaintext, a free port on localhost) with the
 * service classes camel-salesforce itself ships: {@code GetTopic}, {@code GetSchema} (the Avro schema of
 * {@code LeadChangeEvent}, salesforce/lead-change-event.avsc) and the bidirectional {@code Subscribe} stream. Events
 * are Avro binary with a schema id, delivered only as far as the subscriber asked for them ({@code num_requested}).
 * Every call must carry the access token, instance URL and tenant id headers, as Salesforce requires.
 */
public final class FakePubSub extends PubSubGrpc.PubSubImplBase {
    public static final String TOPIC = "/data/LeadChangeEvent";
    public static final String SCHEMA_ID = "MBzPr4rRBXwj8-TBzDGJiQ";
    private static final Metadata.Key<String> ACCESS_TOKEN = Metadata.Key.of("accesstoken", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> INSTANCE_URL = Metadata.Key.of("instanceurl", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TENANT_ID = Metadata.Key.of("tenantid", Metadata.ASCII_STRING_MARSHALLER);

    private final String accessToken;
    private final Schema schema;
    private final String schemaJson;
    private final Server server;
    private final AtomicLong replay = new AtomicLong(10_000);
    private final AtomicInteger requested = new AtomicInteger();
    private volatile StreamObserver<FetchResponse> subscriber;
    private volatile String subscribedTopic;

    private FakePubSub(String accessToken) throws IOException {
        this.accessToken = accessToken;
        this.schemaJson = FakeSalesforce.resource("lead-change-event.avsc");
        this.schema = new Schema.Parser().parse(schemaJson);
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(this, new Authentication()))
                .build().start();
    }

    /** Started on a free port; calls must carry {@code accessToken}. */
    public static FakePubSub start(String accessToken) {
        try {
            return new FakePubSub(accessToken);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public void stop() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** True once a client subscribed to {@code topic} and asked for at least one event. */
    public boolean subscribed(String topic) {
        return subscriber != null && topic.equals(subscribedTopic) && requested.get() > 0;
    }

    /** A LeadChangeEvent: the header (changeOrigin "" = a change in the UI) and the Lead fields given (Name, Address as maps). */
    public GenericRecord leadEvent(String changeType, String recordId, String changeOrigin, String transactionKey,
            Map<String, ?> fields) {
        Schema headerSchema = schema.getField("ChangeEventHeader").schema();
        GenericData.Record header = new GenericData.Record(headerSchema);
        header.put("entityName", "Lead");
        header.put("recordIds", List.of(recordId));
        header.put("changeType", new GenericData.EnumSymbol(headerSchema.getField("changeType").schema(), changeType));
        header.put("changeOrigin", changeOrigin);
        header.put("transactionKey", transactionKey);
        header.put("sequenceNumber", 1);
        header.put("commitTimestamp", System.currentTimeMillis());
        header.put("commitNumber", 11_437_958_432_150L + replay.get());
        header.put("commitUser", "0055g00000Ab1CdAAJ");
        header.put("nulledFields", List.of());
        header.put("diffFields", List.of());
        header.put("changedFields", List.of());
        GenericData.Record event = new GenericData.Record(schema);
        event.put("ChangeEventHeader", header);
        fields.forEach((name, value) -> {
            Schema.Field field = schema.getField(name);
            if (field == null) {
                throw new IllegalArgumentException("LeadChangeEvent has no field " + name);
            }
            event.put(name, value instanceof Map<?, ?> compound ? record(field.schema().getTypes().get(1), compound) : value);
        });
        return event;
    }

    private static GenericData.Record record(Schema schema, Map<?, ?> values) {
        GenericData.Record record = new GenericData.Record(schema);
        values.forEach((name, value) -> record.put(String.valueOf(name), value));
        return record;
    }

    /** Sends {@code event} on the open subscription as one FetchResponse; returns its replay id (Base64, as the client reports it). */
    public synchronized String deliver(GenericRecord event) {
        return deliver(event, replay.incrementAndGet());
    }

    /** Sends {@code event} again under the replay id it had (Salesforce redelivers after a resubscription). */
    public synchronized String redeliver(GenericRecord event, String replayId) {
        return deliver(event, ByteBuffer.wrap(java.util.Base64.getDecoder().decode(replayId)).getLong());
    }

    private String deliver(GenericRecord event, long replayId) {
        StreamObserver<FetchResponse> stream = subscriber;
        if (stream == null || requested.get() <= 0) {
            throw new IllegalStateException("no subscriber is waiting for events");
        }
        ByteString replayBytes = ByteString.copyFrom(ByteBuffer.allocate(8).putLong(replayId).array());
        ConsumerEvent consumerEvent = ConsumerEvent.newBuilder().setReplayId(replayBytes)
                .setEvent(ProducerEvent.newBuilder().setId(UUID.randomUUID().toString()).setSchemaId(SCHEMA_ID)
                        .setPayload(ByteString.copyFrom(avro(event))))
                .build();
        int pending = requested.decrementAndGet();
        stream.onNext(FetchResponse.newBuilder().addEvents(consumerEvent).setLatestReplayId(replayBytes)
                .setRpcId(UUID.randomUUID().toString()).setPendingNumRequested(Math.max(pending, 0)).build());
        return java.util.Base64.getEncoder().encodeToString(replayBytes.toByteArray());
    }

    private byte[] avro(GenericRecord event) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(event, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void getTopic(TopicRequest request, StreamObserver<TopicInfo> answer) {
        if (!TOPIC.equals(request.getTopicName())) {
            answer.onError(Status.NOT_FOUND.withDescription("unknown topic " + request.getTopicName()).asRuntimeException());
            return;
        }
        answer.onNext(TopicInfo.newBuilder().setTopicName(TOPIC).setSchemaId(SCHEMA_ID).setCanSubscribe(true)
                .setCanPublish(false).setTenantGuid("00D000000000001AAA").build());
        answer.onCompleted();
    }

    @Override
    public void getSchema(SchemaRequest request, StreamObserver<SchemaInfo> answer) {
        if (!SCHEMA_ID.equals(request.getSchemaId())) {
            answer.onError(Status.NOT_FOUND.withDescription("unknown schema " + request.getSchemaId()).asRuntimeException());
            return;
        }
        answer.onNext(SchemaInfo.newBuilder().setSchemaId(SCHEMA_ID).setSchemaJson(schemaJson).build());
        answer.onCompleted();
    }

    @Override
    public StreamObserver<FetchRequest> subscribe(StreamObserver<FetchResponse> responses) {
        return new StreamObserver<>() {
            @Override
            public void onNext(FetchRequest request) {
                synchronized (FakePubSub.this) {
                    if (!request.getTopicName().isEmpty()) {
                        subscribedTopic = request.getTopicName();
                    }
                    subscriber = responses;
                    requested.addAndGet(request.getNumRequested());
                }
            }

            @Override
            public void onError(Throwable t) {
                closed(responses);
            }

            @Override
            public void onCompleted() {
                closed(responses);
                responses.onCompleted();
            }
        };
    }

    private synchronized void closed(StreamObserver<FetchResponse> responses) {
        if (subscriber == responses) {
            subscriber = null;
            requested.set(0);
        }
    }

    /** Refuses calls without the session headers, as Salesforce does (error code in the trailers). */
    private final class Authentication implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            if (!accessToken.equals(headers.get(ACCESS_TOKEN)) || headers.get(INSTANCE_URL) == null || headers.get(TENANT_ID) == null) {
                Metadata trailers = new Metadata();
                trailers.put(Metadata.Key.of("error-code", Metadata.ASCII_STRING_MARSHALLER), "sfdc.platform.eventbus.grpc.service.auth.error");
                call.close(Status.UNAUTHENTICATED.withDescription("missing or invalid session headers"), trailers);
                return new ServerCall.Listener<>() {
                };
            }
            return next.startCall(call, headers);
        }
    }
}
