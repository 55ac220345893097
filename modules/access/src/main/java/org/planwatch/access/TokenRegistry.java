package org.planwatch.access;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.planwatch.events.TopicFollower;
import org.planwatch.events.Topics;
import org.planwatch.events.avro.AccessToken;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

/**
 * The tokens this instance honours: every record of the compacted {@code access-tokens}
 * topic, followed as it changes (so a revocation made through any publisher reaches every
 * instance within a poll), plus the first admin token from configuration, which is never
 * written anywhere.
 */
public final class TokenRegistry implements SmartLifecycle, HealthIndicator {

    static final String BOOTSTRAP_ADMIN_ID = "bootstrap-admin";

    private record Entry(AccessToken token, long offset) {
    }

    private final Map<String, Entry> tokens = new ConcurrentHashMap<>();

    private final TopicFollower<AccessToken> follower;

    private final String bootstrapAdminHash;

    TokenRegistry(KafkaProperties kafka, SecurityProperties properties, String clientId) {
        this.follower = new TopicFollower<>(Topics.ACCESS_TOKENS, kafka.buildConsumerProperties(), clientId,
                this::apply);
        this.bootstrapAdminHash = properties.adminToken().isEmpty() ? null : Tokens.hash(properties.adminToken());
    }

    /** The caller a presented token stands for, if it is one we honour. */
    public Optional<Caller> authenticate(String token) {
        if (token == null || token.length() > Tokens.MAX_LENGTH) {
            return Optional.empty();
        }
        String hash = Tokens.hash(token);
        if (bootstrapAdminHash != null && Tokens.sameHash(hash, bootstrapAdminHash)) {
            return Optional.of(new Caller(BOOTSTRAP_ADMIN_ID, Role.ADMIN, null, "PROGRESS_ADMIN_TOKEN"));
        }
        String id = Tokens.idOf(token);
        Entry entry = id == null ? null : tokens.get(id);
        if (entry == null || !Tokens.sameHash(hash, entry.token().getTokenHash())) {
            return Optional.empty();
        }
        AccessToken t = entry.token();
        Role role = Role.valueOf(t.getRole().name());
        if (role == Role.DEPARTMENT && (t.getDepartment() == null || t.getDepartment().isBlank())) {
            // Only a hand-written record can lack it (the API refuses one): honour
            // nothing rather than fail.
            return Optional.empty();
        }
        return Optional.of(new Caller(t.getId(), role, role == Role.DEPARTMENT ? t.getDepartment() : null, t.getLabel(),
                role == Role.SUPERVISOR ? t.getOwner() : null));
    }

    /**
     * False until the topic has been read to its end as of start-up: tokens may still be
     * missing.
     */
    public boolean isCaughtUp() {
        return follower.isCaughtUp();
    }

    public Optional<AccessToken> get(String id) {
        Entry entry = tokens.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.token());
    }

    public Collection<AccessToken> all() {
        return tokens.values()
            .stream()
            .map(Entry::token)
            .sorted(Comparator.comparing(AccessToken::getIssuedAt))
            .toList();
    }

    /**
     * Our own write, acknowledged by Kafka at {@code offset}: honoured (or, for null,
     * refused) at once.
     */
    public void wrote(String id, AccessToken token, long offset) {
        apply(id, token, offset);
    }

    private void apply(String id, AccessToken token, long offset) {
        tokens.compute(id, (key, current) -> {
            if (current != null && current.offset() > offset) {
                return current;
            }
            return token == null ? null : new Entry(token, offset);
        });
    }

    @Override
    public void start() {
        follower.start();
    }

    @Override
    public void stop() {
        follower.close();
    }

    @Override
    public boolean isRunning() {
        return follower.isRunning();
    }

    /** Starts before the web server takes requests, stops after it. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    @Override
    public Health health() {
        return (follower.isCaughtUp() ? Health.up() : Health.outOfService()).withDetail("tokens", tokens.size())
            .build();
    }

}
