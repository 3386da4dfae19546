package io.switchboard.connector;

import java.util.List;

/** The feature ids a connector type can declare support for ({@code supported_feature_ids}). */
public final class FeatureIds {

    public static final String ALERTING = "alerting";
    public static final String CASES = "cases";
    public static final String UPTIME = "uptime";
    public static final String SECURITY = "siem";

    /** What most stack connectors support, in Kibana's order. */
    public static final List<String> ALERTING_UPTIME_SECURITY = List.of(ALERTING, UPTIME, SECURITY);

    private FeatureIds() {
    }
}
