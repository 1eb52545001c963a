package io.github.scopedcognitoapi.example;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.scopedcognitoapi.Enforcement;
import io.github.scopedcognitoapi.MachineClient;
import io.github.scopedcognitoapi.RouteAccess;
import io.github.scopedcognitoapi.ScopedCognitoApi;
import io.github.scopedcognitoapi.ScopedCognitoHttpApi;
import io.github.scopedcognitoapi.ScopedUserPool;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.LambdaVersion;
import software.constructs.Construct;

/**
 * The example app, written as a Java user writes it: builders through jsii. The four stacks (REST
 * API, HTTP API, an HTTP API on the REST stack's pool, and the REST API's maps on the Lite plan),
 * and what accessMatrix() and accessMatrixMarkdown() returned to Java.
 */
public final class ExampleApp {
    static final class ExampleStack extends Stack {
        final ScopedCognitoApi api;

        ExampleStack(final Construct scope, final String id) {
            super(scope, id);
            api = ScopedCognitoApi.Builder.create(this, "Api")
                .groupScopes(Map.of(
                    "Admin", List.of("api/admin"),
                    "ReadOnly", List.of("api/readonly")))
                .routeScopes(Map.of(
                    "GET /admin", List.of("api/admin"),
                    "GET /readonly", List.of("api/readonly")))
                .machineClients(List.of(MachineClient.builder()
                    .name("reporting").scopes(List.of("api/readonly")).claims(Map.of("team", "finance")).build()))
                .triggerEventVersion(LambdaVersion.V3_0)
                .authFlows(AuthFlow.builder().userSrp(true).adminUserPassword(true).build())
                .writeAccessMatrix(true)
                .build();
            CfnOutput.Builder.create(this, "UserPoolId").value(api.getUserPool().getUserPoolId()).build();
            CfnOutput.Builder.create(this, "ClientId").value(api.getUserPoolClient().getUserPoolClientId()).build();
            CfnOutput.Builder.create(this, "ReportingClientId")
                .value(api.getScopedUserPool().machineClient("reporting").getUserPoolClientId()).build();
            CfnOutput.Builder.create(this, "TokenEndpoint").value(api.getScopedUserPool().getTokenEndpoint()).build();
            CfnOutput.Builder.create(this, "ApiUrl").value(api.getRestApi().getUrl()).build();
        }
    }

    static final class HttpExampleStack extends Stack {
        final ScopedCognitoHttpApi api;

        HttpExampleStack(final Construct scope, final String id) {
            super(scope, id);
            api = ScopedCognitoHttpApi.Builder.create(this, "Api")
                .groupScopes(Map.of(
                    "Admin", List.of("orders/read", "orders/write"),
                    "ReadOnly", List.of("orders/read")))
                .machineClients(List.of(
                    MachineClient.builder().name("billing").scopes(List.of("orders/read", "invoices/write")).build()))
                .routeScopes(Map.of(
                    "GET /orders", List.of("orders/read"),
                    "GET /orders/{id}", List.of("orders/read"),
                    "POST /orders", List.of("orders/write"),
                    "DELETE /orders/{id}", List.of("orders/write"),
                    "POST /invoices", List.of("invoices/write")))
                .publicRoutes(List.of("GET /health"))
                .authFlows(AuthFlow.builder().userSrp(true).adminUserPassword(true).build())
                .writeAccessMatrix(true)
                .build();
            CfnOutput.Builder.create(this, "UserPoolId").value(api.getUserPool().getUserPoolId()).build();
            CfnOutput.Builder.create(this, "ClientId").value(api.getUserPoolClient().getUserPoolClientId()).build();
            CfnOutput.Builder.create(this, "BillingClientId")
                .value(api.getScopedUserPool().machineClient("billing").getUserPoolClientId()).build();
            CfnOutput.Builder.create(this, "TokenEndpoint").value(api.getScopedUserPool().getTokenEndpoint()).build();
            CfnOutput.Builder.create(this, "ApiUrl").value(api.getHttpApi().getApiEndpoint()).build();
        }
    }

    static final class SharedPoolExampleStack extends Stack {
        final ScopedCognitoHttpApi api;

        SharedPoolExampleStack(final Construct scope, final String id, final ScopedUserPool scopedUserPool) {
            super(scope, id);
            api = ScopedCognitoHttpApi.Builder.create(this, "Api")
                .scopedUserPool(scopedUserPool)
                .routeScopes(Map.of(
                    "GET /reports", List.of("api/readonly", "api/admin"),
                    "DELETE /reports/{id}", List.of("api/admin")))
                .writeAccessMatrix(true)
                .build();
            CfnOutput.Builder.create(this, "ApiUrl").value(api.getHttpApi().getApiEndpoint()).build();
        }
    }

    /** The REST example's maps on the Lite plan: no trigger, a generated Lambda authorizer enforces them. */
    static final class LiteExampleStack extends Stack {
        final ScopedCognitoApi api;

        LiteExampleStack(final Construct scope, final String id) {
            super(scope, id);
            api = ScopedCognitoApi.Builder.create(this, "Api")
                .enforcement(Enforcement.LAMBDA_AUTHORIZER)
                .groupScopes(Map.of(
                    "Admin", List.of("api/admin"),
                    "ReadOnly", List.of("api/readonly")))
                .routeScopes(Map.of(
                    "GET /admin", List.of("api/admin"),
                    "GET /readonly", List.of("api/readonly")))
                .machineClients(List.of(MachineClient.builder().name("reporting").scopes(List.of("api/readonly")).build()))
                .authFlows(AuthFlow.builder().userSrp(true).adminUserPassword(true).build())
                .writeAccessMatrix(true)
                .build();
            CfnOutput.Builder.create(this, "UserPoolId").value(api.getUserPool().getUserPoolId()).build();
            CfnOutput.Builder.create(this, "ClientId").value(api.getUserPoolClient().getUserPoolClientId()).build();
            CfnOutput.Builder.create(this, "ReportingClientId")
                .value(api.getScopedUserPool().machineClient("reporting").getUserPoolClientId()).build();
            CfnOutput.Builder.create(this, "TokenEndpoint").value(api.getScopedUserPool().getTokenEndpoint()).build();
            CfnOutput.Builder.create(this, "ApiUrl").value(api.getRestApi().getUrl()).build();
        }
    }

    private ExampleApp() {
    }

    /** One stack's matrix as Java received it, in the shape every consumer writes. */
    private static Map<String, Object> matrix(final List<String> files, final List<RouteAccess> rows, final String markdown) {
        Map<String, Object> matrix = new LinkedHashMap<>();
        matrix.put("files", files);
        matrix.put("rows", plain(rows));
        matrix.put("markdown", markdown);
        return matrix;
    }

    /** Route access rows in the shape every consumer writes. */
    private static List<Map<String, Object>> plain(final List<RouteAccess> rows) {
        return rows.stream().map(row -> {
            Map<String, Object> plain = new LinkedHashMap<>();
            plain.put("api", row.getApi());
            plain.put("route", row.getRoute());
            plain.put("scopes", row.getScopes());
            plain.put("groups", row.getGroups());
            plain.put("signedInWithoutGroup", row.getSignedInWithoutGroup());
            plain.put("machineClients", row.getMachineClients());
            plain.put("isPublic", row.getIsPublic());
            return plain;
        }).collect(Collectors.toList());
    }

    public static void main(final String[] args) throws IOException {
        App app = new App(AppProps.builder().outdir(args[0]).build());
        ExampleStack rest = new ExampleStack(app, "ScopedCognitoApiExample");
        HttpExampleStack http = new HttpExampleStack(app, "ScopedCognitoHttpApiExample");
        LiteExampleStack lite = new LiteExampleStack(app, "ScopedCognitoLiteApiExample");
        SharedPoolExampleStack shared = new SharedPoolExampleStack(app, "ScopedCognitoSharedPoolExample", rest.api.getScopedUserPool());
        app.synth();
        Map<String, Object> matrices = new LinkedHashMap<>();
        matrices.put(rest.getStackName(), matrix(rest.api.getAccessMatrixFiles(), rest.api.accessMatrix(), rest.api.accessMatrixMarkdown()));
        matrices.put(http.getStackName(), matrix(http.api.getAccessMatrixFiles(), http.api.accessMatrix(), http.api.accessMatrixMarkdown()));
        matrices.put(lite.getStackName(), matrix(lite.api.getAccessMatrixFiles(), lite.api.accessMatrix(), lite.api.accessMatrixMarkdown()));
        matrices.put(shared.getStackName(), matrix(shared.api.getAccessMatrixFiles(), shared.api.accessMatrix(), shared.api.accessMatrixMarkdown()));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(new File(args[0], "access-matrix-from-api.json"), matrices);
        // The REST stack's pool, which the third stack's API shares: one matrix over both APIs.
        ScopedUserPool pool = rest.api.getScopedUserPool();
        Map<String, Object> poolMatrix = new LinkedHashMap<>();
        poolMatrix.put("rows", plain(pool.accessMatrix()));
        poolMatrix.put("markdown", pool.accessMatrixMarkdown());
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(new File(args[0], "pool-access-matrix-from-api.json"), poolMatrix);
        reviewedAccessRun(args[0]);
    }

    /**
     * Access under review (reviewedAccess): a missing file fails synth, an accept writes it, the same
     * maps then pass, and a widened group fails with the change in words. Every consumer writes the
     * same record of it, reviewed-access-run.json.
     */
    private static void reviewedAccessRun(final String outdir) throws IOException {
        String reviewed = new File(new File(outdir, "reviewed-access"), "orders.txt").getPath();
        String missing = synthReviewed(reviewed, Map.of(), List.of("api/readonly"));
        String accepted = synthReviewed(reviewed, Map.of("cdk-scoped-cognito-api:acceptAccess", "true"), List.of("api/readonly"));
        String unchanged = synthReviewed(reviewed, Map.of(), List.of("api/readonly"));
        String drift = synthReviewed(reviewed, Map.of(), List.of("api/readonly", "api/admin"));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("missing", missing.contains("does not exist"));
        run.put("accepted", accepted.isEmpty());
        run.put("unchanged", unchanged.isEmpty());
        // Each change line once: a JsiiException's message holds the error's message and its cause's.
        run.put("drift", drift.lines().map(String::trim).filter(line -> line.matches("^[+~-] .*")).distinct().collect(Collectors.toList()));
        run.put("file", java.nio.file.Files.readString(new File(reviewed).toPath()));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(new File(outdir, "reviewed-access-run.json"), run);
    }

    private static String synthReviewed(final String reviewed, final Map<String, Object> context, final List<String> readOnlyScopes) {
        App reviewApp = new App(AppProps.builder().context(context).build());
        ScopedCognitoApi.Builder.create(new Stack(reviewApp, "Reviewed"), "Api")
            .groupScopes(Map.of("Admin", List.of("api/admin"), "ReadOnly", readOnlyScopes))
            .routeScopes(Map.of("GET /admin", List.of("api/admin"), "GET /readonly", List.of("api/readonly")))
            .reviewedAccess(reviewed)
            .build();
        try {
            reviewApp.synth();
            return "";
        } catch (RuntimeException error) {
            return String.valueOf(error.getMessage());
        }
    }
}
