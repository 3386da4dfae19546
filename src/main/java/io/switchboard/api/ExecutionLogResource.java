package io.switchboard.api;

import io.switchboard.security.Operation;
import io.switchboard.security.Caller;
import io.switchboard.security.Access;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.smallrye.common.annotation.Blocking;
import io.switchboard.connector.IsoTime;
import io.switchboard.management.ApiException;
import io.switchboard.schema.ArraySchema;
import io.switchboard.schema.ObjectSchema;
import io.switchboard.store.ExecutionLogStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.switchboard.schema.Schemas.arrayOf;
import static io.switchboard.schema.Schemas.maybe;
import static io.switchboard.schema.Schemas.number;
import static io.switchboard.schema.Schemas.object;
import static io.switchboard.schema.Schemas.oneOf;
import static io.switchboard.schema.Schemas.oneOfLiterals;
import static io.switchboard.schema.Schemas.string;

/**
 * Kibana's connector execution log: {@code GET /internal/actions/_global_connector_execution_logs} and
 * {@code _global_connector_execution_kpi}. Filters take the form {@code field:value [and field:"value" ...]} on the
 * fields of {@link ExecutionLogStore#FILTER_FIELDS}; other KQL is refused with a 400.
 */
@Path("/internal/actions")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ExecutionLogResource {

    /*
     * The bounds of Kibana's route schemas (get_global_execution_logs.ts, get_global_execution_kpi.ts): at most
     * 100 entries a page and 1,000 pages, so that no request asks the database to skip or return more rows than
     * Kibana would ever show.
     */
    static final int MAX_PER_PAGE = 100;
    static final int MAX_PAGE = 1000;
    private static final int ISO_DATE_MAX_LENGTH = 100;
    private static final int MAX_FILTER_LENGTH = 8192;
    private static final int MAX_SORT_FIELDS = 10;
    private static final int MAX_NAMESPACES = 1000;
    private static final int MAX_NAMESPACE_LENGTH = 1000;

    private static final ObjectSchema SORT_ORDER = object("order", oneOfLiterals("asc", "desc"));
    private static final ObjectSchema LOGS_QUERY = object(
            "date_start", string().maxLength(ISO_DATE_MAX_LENGTH),
            "date_end", maybe(string().maxLength(ISO_DATE_MAX_LENGTH)),
            "filter", maybe(string().maxLength(MAX_FILTER_LENGTH)),
            "per_page", number().min(1).max(MAX_PER_PAGE).defaultValue(IntNode.valueOf(10)),
            "page", number().min(1).max(MAX_PAGE).defaultValue(IntNode.valueOf(1)),
            "sort", maybe(arrayOf(oneOf(object("timestamp", SORT_ORDER), object("execution_duration", SORT_ORDER),
                    object("total_search_duration", SORT_ORDER), object("schedule_delay", SORT_ORDER)))
                    .maxSize(MAX_SORT_FIELDS)),
            "namespaces", maybe(namespaces()));
    private static final ObjectSchema KPI_QUERY = object(
            "date_start", string().maxLength(ISO_DATE_MAX_LENGTH),
            "date_end", maybe(string().maxLength(ISO_DATE_MAX_LENGTH)),
            "filter", maybe(string().maxLength(MAX_FILTER_LENGTH)),
            "namespaces", maybe(namespaces()));

    private static final Pattern TERM = Pattern.compile("^\\s*([\\w.@]+)\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^\\s\"]+)\\s*$");
    private static final Pattern AND = Pattern.compile("\\s+and\\s+", Pattern.CASE_INSENSITIVE);
    private static final Pattern RELATIVE = Pattern.compile("^(\\d+)([smhd])$");

    private final ExecutionLogStore store;
    private final ObjectMapper json;
    private final String version;

    @Inject
    public ExecutionLogResource(ExecutionLogStore store, ObjectMapper json,
                                @ConfigProperty(name = "quarkus.application.version",
                                        defaultValue = "unknown") String version) {
        this.store = store;
        this.json = json;
        this.version = version;
    }

    @JsonPropertyOrder({"id", "timestamp", "duration_ms", "status", "message", "version", "schedule_delay_ms",
            "space_ids", "connector_name", "connector_id", "timed_out", "source"})
    public record LogEntry(String id, String timestamp, @JsonProperty("duration_ms") long durationMs, String status,
                           String message, String version, @JsonProperty("schedule_delay_ms") long scheduleDelayMs,
                           @JsonProperty("space_ids") List<String> spaceIds,
                           @JsonProperty("connector_name") String connectorName,
                           @JsonProperty("connector_id") String connectorId,
                           @JsonProperty("timed_out") boolean timedOut, String source) {
    }

    @JsonPropertyOrder({"total", "data"})
    public record LogPage(long total, List<LogEntry> data) {
    }

    @JsonPropertyOrder({"success", "unknown", "failure", "warning"})
    public record Kpi(long success, long unknown, long failure, long warning) {
    }

    @GET
    @Path("/_global_connector_execution_logs")
    public LogPage logs(@Context ContainerRequestContext request, @QueryParam("date_start") String dateStart,
                        @QueryParam("date_end") String dateEnd, @QueryParam("filter") String filter,
                        @QueryParam("per_page") String perPage, @QueryParam("page") String page,
                        @QueryParam("sort") String sort, @QueryParam("namespaces") String namespaces) {
        ObjectNode query = query("date_start", dateStart, "date_end", dateEnd, "filter", filter,
                "per_page", perPage, "page", page, "sort", sort, "namespaces", namespaces);
        ObjectNode valid = RequestBodies.validate(LOGS_QUERY, query, "request query");
        String sortField = "timestamp";
        boolean ascending = false;
        JsonNode sortSpec = valid.path("sort").path(0);
        if (sortSpec.isObject() && sortSpec.fieldNames().hasNext()) {
            sortField = sortSpec.fieldNames().next();
            ascending = "asc".equals(sortSpec.path(sortField).path("order").asText());
        }
        ExecutionLogStore.Page result = store.find(criteria(request, valid), sortField, ascending,
                valid.get("per_page").asInt(), valid.get("page").asInt());
        return new LogPage(result.total(), result.entries().stream().map(this::entry).toList());
    }

    @GET
    @Path("/_global_connector_execution_kpi")
    public Kpi kpi(@Context ContainerRequestContext request, @QueryParam("date_start") String dateStart,
                   @QueryParam("date_end") String dateEnd, @QueryParam("filter") String filter,
                   @QueryParam("namespaces") String namespaces) {
        ObjectNode query = query("date_start", dateStart, "date_end", dateEnd, "filter", filter,
                "namespaces", namespaces);
        ExecutionLogStore.Counts counts = store.count(criteria(request,
                RequestBodies.validate(KPI_QUERY, query, "request query")));
        return new Kpi(counts.success(), 0, counts.failure(), 0);
    }

    private static ArraySchema namespaces() {
        return arrayOf(string().maxLength(MAX_NAMESPACE_LENGTH)).maxSize(MAX_NAMESPACES);
    }

    private LogEntry entry(ExecutionLogStore.Entry entry) {
        String status = entry.outcome() == null ? "" : entry.outcome();
        String message = "failure".equals(status)
                ? entry.message() + " - " + (entry.errorMessage() == null ? "" : entry.errorMessage())
                : entry.message();
        return new LogEntry(entry.executionUuid(), IsoTime.of(entry.start()),
                entry.durationNanos() / 1_000_000,
                status, message, version, entry.scheduleDelayNanos() / 1_000_000, List.of(entry.spaceId()), entry.connectorName(), entry.connectorId(),
                entry.timedOut(), entry.source());
    }

    /** Query values as config-schema sees them: JSON text for arrays, plain strings otherwise. */
    private ObjectNode query(String... namesAndValues) {
        ObjectNode query = json.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = namesAndValues[i];
            String value = namesAndValues[i + 1];
            if (value == null) {
                continue;
            }
            if ((name.equals("sort") || name.equals("namespaces")) && value.trim().startsWith("[")) {
                try {
                    query.set(name, json.readTree(value));
                    continue;
                } catch (JsonProcessingException notJson) {
                    throw ApiException.badRequest("[request query." + name + "]: could not parse array value from json input");
                }
            }
            query.set(name, name.equals("namespaces") ? json.createArrayNode().add(value) : TextNode.valueOf(value));
        }
        return query;
    }

    /**
     * The spaces asked for (none: every space) that the caller may read; Kibana's {@code get} privilege is needed in
     * each space named, and asking for every space gives the spaces the caller may read.
     */
    private static List<String> readable(Caller caller, List<String> spaces) {
        if (spaces.isEmpty()) {
            if (caller.superuser() || caller.grants().everywhere().allows(Access.READ)) {
                return spaces;
            }
            List<String> granted = caller.grants().spaces().entrySet().stream()
                    .filter(grant -> grant.getValue().allows(Access.READ)).map(Map.Entry::getKey).sorted().toList();
            if (granted.isEmpty()) {
                throw ApiException.forbidden("Unauthorized to get actions");
            }
            return granted;
        }
        for (String space : spaces) {
            Operation.GET.ensure(caller, space);
        }
        return spaces;
    }

    private ExecutionLogStore.Criteria criteria(ContainerRequestContext request, ObjectNode valid) {
        Instant now = Instant.now();
        Instant from = parseDate(valid.get("date_start").textValue(), "dateStart", now);
        Instant to = valid.has("date_end") ? parseDate(valid.get("date_end").textValue(), "dateEnd", now) : now;
        List<String> spaces = List.of(SpaceRouting.spaceOf(request));
        if (valid.has("namespaces")) {
            List<String> requested = json.convertValue(valid.get("namespaces"),
                    json.getTypeFactory().constructCollectionType(List.class, String.class));
            spaces = requested.contains("*") ? List.of() : requested;
        }
        spaces = readable(Privileges.caller(request), spaces);
        return new ExecutionLogStore.Criteria(from, to, spaces,
                valid.has("filter") ? parseFilter(valid.get("filter").textValue()) : Map.of());
    }

    /** An ISO date, or a duration ({@code 15m}, {@code 24h}, {@code 7d}) counted back from now, as Kibana reads it. */
    static Instant parseDate(String value, String parameter, Instant now) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notIso) {
            Matcher relative = RELATIVE.matcher(value.trim());
            if (relative.matches()) {
                Duration unit = switch (relative.group(2)) {
                    case "s" -> Duration.ofSeconds(1);
                    case "m" -> Duration.ofMinutes(1);
                    case "h" -> Duration.ofHours(1);
                    default -> Duration.ofDays(1);
                };
                try {
                    return now.minus(unit.multipliedBy(Long.parseLong(relative.group(1))));
                } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException beyondTime) {
                    // Further back than a date can be: as invalid as any other text.
                }
            }
            throw ApiException.badRequest("Invalid date for parameter " + parameter + ": \"" + value + "\"");
        }
    }

    static Map<String, String> parseFilter(String filter) {
        Map<String, String> terms = new LinkedHashMap<>();
        if (filter.isBlank()) {
            return terms;
        }
        for (String part : AND.split(filter.trim())) {
            Matcher term = TERM.matcher(part);
            if (!term.matches() || !ExecutionLogStore.FILTER_FIELDS.containsKey(term.group(1))) {
                throw ApiException.badRequest("unsupported filter \"" + filter + "\": use field:value terms joined by "
                        + "and, on " + String.join(", ", ExecutionLogStore.FILTER_FIELDS.keySet().stream().sorted().toList()));
            }
            String value = term.group(3) != null ? term.group(3).replaceAll("\\\\(.)", "$1") : term.group(2);
            terms.put(term.group(1), value);
        }
        return terms;
    }
}
