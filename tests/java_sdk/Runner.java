// Runs compiled Java snippets with the real Microsoft Graph Java SDK (tests/java_sdk/lib, resolved
// by scripts/setup-java-sdk.sh) and reports what each one sent.
//
// Usage: java -cp lib/*:CLASSES Runner CLASS...
//
// Each CLASS has `static void run(RequestAdapter requestAdapter)` whose body is one generated
// snippet. For each, a loopback HTTP server (127.0.0.1, port chosen by the OS) stands in for
// Microsoft Graph: it records the request and answers 204 for DELETE, a plain-text number for a
// `$count` path and `{}` as JSON otherwise. The snippet gets the Graph request adapter of
// microsoft-graph-core (anonymous authentication, the SDK's own middleware, which turns
// `/users/TokenToReplace` back into `/me`) whose base URL is that server. One JSON line per class, in argument order:
// {"method", "path" (percent-decoded), "query": [[name, value], ...] (decoded),
// "headers": {lower-case name: value}, "body": JSON or null}, or {"error": "..."}.

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.graph.core.requests.BaseGraphRequestAdapter;
import com.microsoft.kiota.RequestAdapter;
import com.microsoft.kiota.authentication.AnonymousAuthenticationProvider;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public class Runner {
    public static void main(String[] args) throws Exception {
        for (String name : args) {
            System.out.println(runOne(name));
            System.out.flush();
        }
        System.exit(0);
    }

    static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    static String runOne(String className) throws Exception {
        List<JsonObject> captured = new ArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String text = new String(raw, StandardCharsets.UTF_8);
            JsonObject record = new JsonObject();
            record.addProperty("method", exchange.getRequestMethod());
            String rawPath = exchange.getRequestURI().getRawPath();
            record.addProperty("path", decode(rawPath));
            JsonArray query = new JsonArray();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            if (rawQuery != null) {
                for (String pair : rawQuery.split("&")) {
                    if (pair.isEmpty()) continue;
                    int i = pair.indexOf('=');
                    JsonArray kv = new JsonArray();
                    kv.add(decode(i < 0 ? pair : pair.substring(0, i)));
                    kv.add(decode(i < 0 ? "" : pair.substring(i + 1)));
                    query.add(kv);
                }
            }
            record.add("query", query);
            JsonObject headers = new JsonObject();
            exchange.getRequestHeaders().forEach((k, v) -> headers.addProperty(k.toLowerCase(), String.join(",", v)));
            record.add("headers", headers);
            record.add("body", text.isEmpty() ? null : JsonParser.parseString(text));
            synchronized (captured) {
                captured.add(record);
            }
            if (exchange.getRequestMethod().equals("DELETE")) {
                exchange.sendResponseHeaders(204, -1);
            } else {
                boolean count = rawPath.endsWith("/$count");
                byte[] payload = (count ? "5" : "{}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", count ? "text/plain" : "application/json");
                exchange.sendResponseHeaders(200, payload.length);
                exchange.getResponseBody().write(payload);
            }
            exchange.close();
        });
        server.start();
        try {
            BaseGraphRequestAdapter adapter = new BaseGraphRequestAdapter(new AnonymousAuthenticationProvider());
            adapter.setBaseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0");
            Class.forName(className).getMethod("run", RequestAdapter.class).invoke(null, adapter);
            if (captured.size() != 1) {
                JsonObject error = new JsonObject();
                error.addProperty("error", "expected exactly one request, got " + captured.size());
                return error.toString();
            }
            return captured.get(0).toString();
        } catch (Throwable e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            JsonObject error = new JsonObject();
            error.addProperty("error", cause.toString());
            return error.toString();
        } finally {
            server.stop(0);
        }
    }
}
