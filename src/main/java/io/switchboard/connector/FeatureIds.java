package io.switchboard.connector;

/** The feature ids a connector type can declare support for ({@code supported_feature_ids}). */
public final class FeatureIds {

    public static final String ALERTING = "alerting";
    public static final String CASES = "cases";
    public static final String UPTIME = "uptime";
    public static final String SECURITY = "siem";

    private FeatureIds() {
    }
}
