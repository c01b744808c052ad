package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/truce-monitor/truce"
	"github.com/truce-monitor/truce/alert"
)

// requestBodies names the JSON body each writing route takes, so the
// OpenAPI document can give its schema. TestOpenAPI fails when a POST, PUT
// or PATCH route has no entry here, or an entry names no route.
var requestBodies = map[string]any{
	"POST /api/sources": truce.Source{},
	"POST /api/provisions/{agreement}/{provision}/status": StatusRequest{},
	"POST /api/classify":                ClassifyRequest{},
	"POST /api/webhooks":                alert.Webhook{},
	"POST /api/login":                   LoginRequest{},
	"POST /api/logout":                  noBody{},
	"POST /api/users":                   UserRequest{},
	"POST /api/tokens":                  TokenRequest{},
	"POST /api/log/witnesses":           WitnessRequest{},
	"POST /api/log/cosignatures":        textBody("the cosigned checkpoint note"),
	"POST /api/reports":                 truce.Report{},
	"POST /api/daily/publish":           noBody{},
	"POST /api/reports/bulk":            mediaBody{Types: []string{"application/x-ndjson", "text/csv", "application/geo+json"}, Description: "reports, one per line (NDJSON), row (CSV) or feature (GeoJSON)"},
	"POST /api/incidents/{id}/verify":   DecisionRequest{},
	"POST /api/incidents/{id}/unverify": DecisionRequest{},
	"POST /api/incidents/{id}/dispute":  DecisionRequest{},
	"POST /api/incidents/{id}/uphold":   DecisionRequest{},
	"POST /api/incidents/{id}/overturn": DecisionRequest{},
}

// noBody marks a writing route that takes no request body.
type noBody struct{}

// textBody marks a route whose body is plain text; the value describes it.
type textBody string

// mediaBody marks a route that takes a body in one of several media types.
type mediaBody struct {
	Types       []string
	Description string
}

// openAPI serves the OpenAPI 3 document of the route table.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, s.OpenAPI())
}

var (
	wildcardRE = regexp.MustCompile(`\{([A-Za-z_][A-Za-z0-9_]*)(\.\.\.)?\}`)
	queryRE    = regexp.MustCompile(`\?([a-z_][a-z0-9_]*)=`)
)

// OpenAPI builds the OpenAPI 3.0 document from the route table: one
// operation per route with its summary (the route's doc), its path
// parameters (the pattern's wildcards), its query parameters (the "?name="
// the doc mentions), its request body (requestBodies) and its responses.
// Subtree patterns ending in "/" are catch-alls, not operations, and are
// left out.
func (s *Server) OpenAPI() map[string]any {
	paths := map[string]map[string]any{}
	for _, rt := range s.routes() {
		method, path, ok := strings.Cut(rt.pattern, " ")
		if !ok || strings.HasSuffix(path, "/") {
			continue
		}
		var params []any
		for _, m := range wildcardRE.FindAllStringSubmatch(path, -1) {
			desc := ""
			if m[2] != "" {
				desc = "may contain /"
			}
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "description": desc, "schema": map[string]any{"type": "string"}})
		}
		seen := map[string]bool{}
		for _, m := range queryRE.FindAllStringSubmatch(rt.doc, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				params = append(params, map[string]any{"name": m[1], "in": "query", "required": false, "schema": map[string]any{"type": "string"}})
			}
		}
		op := map[string]any{
			"operationId": operationID(method, path),
			"summary":     rt.doc,
			"responses":   responses(method, path),
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		switch body := requestBodies[rt.pattern].(type) {
		case nil, noBody:
		case mediaBody:
			content := map[string]any{}
			for _, t := range body.Types {
				content[t] = map[string]any{"schema": map[string]any{"type": "string"}}
			}
			op["requestBody"] = map[string]any{"required": true, "description": body.Description, "content": content}
		case textBody:
			op["requestBody"] = map[string]any{
				"required": true, "description": string(body),
				"content": map[string]any{"text/plain": map[string]any{"schema": map[string]any{"type": "string"}}},
			}
		default:
			op["requestBody"] = map[string]any{
				"required": true,
				"content":  map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(body))}},
			}
		}
		oaPath := wildcardRE.ReplaceAllString(path, "{$1}")
		if paths[oaPath] == nil {
			paths[oaPath] = map[string]any{}
		}
		paths[oaPath][strings.ToLower(method)] = op
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":       "Truce API",
			"version":     "1",
			"description": "Ceasefire and negotiation monitoring: agreements, provisions, positions with evidence, the change feed, operations.",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": map[string]any{"Problem": schemaOf(reflect.TypeOf(Problem{}))},
		},
	}
}

func operationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, part := range strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '{' || r == '}' || r == '.' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

func responses(method, path string) map[string]any {
	problem := map[string]any{"description": "error", "content": map[string]any{
		"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}}}
	ok := map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}
	switch path {
	case "/api/events":
		ok = map[string]any{"description": "Server-Sent Events: id, event (the change's kind), data (the change as JSON)",
			"content": map[string]any{"text/event-stream": map[string]any{"schema": map[string]any{"type": "string"}}}}
	case "/metrics":
		ok = map[string]any{"description": "Prometheus text exposition format",
			"content": map[string]any{"text/plain": map[string]any{"schema": map[string]any{"type": "string"}}}}
	}
	status := "200"
	if method == http.MethodPost {
		status = "201"
	}
	return map[string]any{status: ok, "default": problem}
}

var (
	dateType = reflect.TypeOf(truce.Date{})
	timeType = reflect.TypeOf(time.Time{})
	rawType  = reflect.TypeOf(json.RawMessage{})
)

// schemaOf derives an OpenAPI schema from a Go type by its JSON encoding.
func schemaOf(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case dateType:
		return map[string]any{"type": "string", "format": "date"}
	case timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case rawType:
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		var required []string
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			props[name] = schemaOf(f.Type)
			if !strings.Contains(opts, "omitempty") {
				required = append(required, name)
			}
		}
		sort.Strings(required)
		s := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			s["required"] = required
		}
		return s
	}
	return map[string]any{}
}
