package org.planwatch.bulletins;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.planwatch.events.avro.BulletinState;
import org.planwatch.events.avro.SlipColour;
import org.planwatch.events.avro.SlipState;
import org.planwatch.events.avro.StatusHealth;

/**
 * The Chinese words every rendering uses for the schema's enums, so the PDF, xlsx and
 * HTML never disagree.
 */
final class Labels {

    /**
     * The order in which the five lights are always listed: the traffic light, then the
     * two ends of the plan.
     */
    static final List<StatusHealth> LIGHTS = List.of(StatusHealth.ON_TRACK, StatusHealth.AT_RISK,
            StatusHealth.OFF_TRACK, StatusHealth.COMPLETED, StatusHealth.NOT_STARTED);

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private Labels() {
    }

    static String light(StatusHealth health) {
        return switch (health) {
            case ON_TRACK -> "绿";
            case AT_RISK -> "黄";
            case OFF_TRACK -> "红";
            case COMPLETED -> "已完成";
            case NOT_STARTED -> "未开始";
        };
    }

    static String css(StatusHealth health) {
        return switch (health) {
            case ON_TRACK -> "green";
            case AT_RISK -> "yellow";
            case OFF_TRACK -> "red";
            case COMPLETED -> "completed";
            case NOT_STARTED -> "not-started";
        };
    }

    static String state(BulletinState state) {
        return switch (state) {
            case DRAFT -> "草稿";
            case APPROVED -> "已审核";
            case PUBLISHED -> "已发布";
            case WITHDRAWN -> "已撤回";
        };
    }

    static String colour(SlipColour colour) {
        return switch (colour) {
            case BLUE -> "蓝色督办";
            case YELLOW -> "黄色督办";
            case RED -> "红色督办";
        };
    }

    static String slipState(SlipState state) {
        return switch (state) {
            case ISSUED -> "已下发";
            case SIGNED -> "已签收";
            case ANSWERED -> "已答复";
            case RETURNED -> "已退回";
            case CLOSED -> "已办结";
            case WITHDRAWN -> "已撤回";
        };
    }

    /**
     * The day of a moment in the plan's zone; empty when there is none, so a template
     * needs no null check.
     */
    static String day(Instant at, ZoneId zone) {
        return at == null ? "" : DAY.format(at.atZone(zone));
    }

}
