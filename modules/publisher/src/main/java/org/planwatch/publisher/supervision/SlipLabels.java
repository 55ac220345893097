package org.planwatch.publisher.supervision;

import java.util.Locale;
import java.util.Map;

import org.planwatch.events.avro.SupervisionKind;
import org.planwatch.publisher.desk.ConditionNames;

/** The names the pages give to a slip's colours, states, steps and conditions. */
public final class SlipLabels {

    private static final Map<String, String> COLOURS = Map.of("blue", "蓝色", "yellow", "黄色", "red", "红色");

    private static final Map<String, String> STATES = Map.of("issued", "待签收", "signed", "已签收，待反馈", "answered",
            "已反馈，待核查", "returned", "已退回，待重新反馈", "closed", "已办结", "withdrawn", "已撤销");

    private static final Map<SupervisionKind, String> KINDS = Map.of(SupervisionKind.ISSUED, "下发",
            SupervisionKind.SIGNED, "签收", SupervisionKind.ANSWERED, "反馈", SupervisionKind.RETURNED, "退回",
            SupervisionKind.CLOSED, "办结销号", SupervisionKind.ESCALATED, "升级", SupervisionKind.WITHDRAWN, "撤销");

    private static final Map<String, String> FIELDS = Map.of("colour", "颜色", "reason", "督办事由", "requirement", "办理要求",
            "signBy", "签收时限", "answerBy", "反馈时限", "cause", "原因", "remedy", "整改措施", "promisedDate", "承诺完成日期", "text",
            "说明");

    private SlipLabels() {
    }

    /** A request field's name on the forms, for the messages that name it. */
    public static String field(String field) {
        return FIELDS.getOrDefault(field, field) + " ";
    }

    public static String colour(String colour) {
        return COLOURS.getOrDefault(colour, colour);
    }

    public static String state(String state) {
        return STATES.getOrDefault(state, state);
    }

    public static String kind(SupervisionKind kind) {
        return KINDS.get(kind);
    }

    /**
     * @param condition a StatusCondition symbol, or null for a slip with a free-text
     * reason
     */
    public static String condition(String condition) {
        return condition == null ? null : ConditionNames.of(condition);
    }

    /**
     * The colour a slip for this condition starts at: red when overdue, yellow when off
     * track, else blue.
     */
    public static String colourFor(String condition) {
        if (condition == null) {
            return "blue";
        }
        return switch (condition.toUpperCase(Locale.ROOT)) {
            case "OVERDUE" -> "red";
            case "OFF_TRACK", "STALLED" -> "yellow";
            default -> "blue";
        };
    }

}
