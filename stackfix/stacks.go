package stackfix

import (
	"strconv"
	"strings"
)

// The generators. Each writes the smallest change for the policy; a line
// ending in "your handler" stands for what the server already does.

// ExistingLine marks, in the server-config snippets, the line that stands
// for the configuration already there (tests replace it with a response).
const ExistingLine = "# ... what this location already does (proxy_pass, root, ...)"

func nginx(p Policy) string {
	var b strings.Builder
	b.WriteString(p.severalServers("#"))
	for _, path := range p.Paths {
		b.WriteString("location = " + path + " {\n")
		if p.Preflight {
			b.WriteString("    # The preflight: answer it here, before the application.\n")
			b.WriteString("    if ($request_method = OPTIONS) {\n")
			nginxHeaders(&b, p, "        ", true)
			b.WriteString("        return 204;\n    }\n")
		}
		nginxHeaders(&b, p, "    ", false)
		b.WriteString("    " + ExistingLine + "\n}\n")
	}
	return b.String()
}

// nginxHeaders writes add_header lines; "always" keeps them on error
// statuses too, where the browser still runs the CORS check.
func nginxHeaders(b *strings.Builder, p Policy, in string, preflight bool) {
	for _, kv := range headerLines(p, preflight) {
		b.WriteString(in + "add_header " + kv[0] + " \"" + kv[1] + "\" always;\n")
	}
}

// headerLines is the header set a response needs: every response the
// origin (and credentials, Vary); the preflight also the methods and
// headers; the request also the exposed headers.
func headerLines(p Policy, preflight bool) [][2]string {
	var hs [][2]string
	if p.Origin != "" {
		hs = append(hs, [2]string{"Access-Control-Allow-Origin", p.Origin})
	}
	if p.Credentials {
		hs = append(hs, [2]string{"Access-Control-Allow-Credentials", "true"})
	}
	if preflight {
		if len(p.Methods) > 0 {
			hs = append(hs, [2]string{"Access-Control-Allow-Methods", strings.Join(p.Methods, ", ")})
		}
		if len(p.Headers) > 0 {
			hs = append(hs, [2]string{"Access-Control-Allow-Headers", strings.Join(p.Headers, ", ")})
		}
	} else if len(p.Expose) > 0 {
		hs = append(hs, [2]string{"Access-Control-Expose-Headers", strings.Join(p.Expose, ", ")})
	}
	if p.varyOrigin() {
		hs = append(hs, [2]string{"Vary", "Origin"})
	}
	return hs
}

func apache(p Policy) string {
	var b strings.Builder
	b.WriteString(p.severalServers("#"))
	b.WriteString("# Needs mod_headers (a2enmod headers)")
	if p.Preflight {
		b.WriteString(" and mod_rewrite (a2enmod rewrite)")
	}
	b.WriteString(".\n")
	for _, path := range p.Paths {
		b.WriteString("<Location \"" + path + "\">\n")
		for _, kv := range headerLines(p, false) {
			verb := "set"
			if kv[0] == "Vary" {
				verb = "merge"
			}
			b.WriteString("    Header always " + verb + " " + kv[0] + " \"" + kv[1] + "\"\n")
		}
		if p.Preflight {
			b.WriteString("    # The preflight: its own headers, and a 204 before the application.\n")
			for _, kv := range headerLines(p, true) {
				if strings.HasPrefix(kv[0], "Access-Control-Allow-Methods") || strings.HasPrefix(kv[0], "Access-Control-Allow-Headers") {
					b.WriteString("    Header always set " + kv[0] + " \"" + kv[1] + "\" \"expr=%{REQUEST_METHOD} == 'OPTIONS'\"\n")
				}
			}
			b.WriteString("    RewriteEngine On\n    RewriteCond %{REQUEST_METHOD} =OPTIONS\n    RewriteRule ^ - [R=204,L]\n")
		}
		b.WriteString("</Location>\n")
	}
	return b.String()
}

func caddy(p Policy) string {
	var b strings.Builder
	b.WriteString(p.severalServers("#"))
	b.WriteString("# Inside the site block.\n")
	paths := strings.Join(p.Paths, " ")
	if p.Preflight {
		b.WriteString("@corsPreflight" + p.suffix() + " {\n    method OPTIONS\n    path " + paths + "\n}\n")
		b.WriteString("handle @corsPreflight" + p.suffix() + " {\n")
		for _, kv := range headerLines(p, true) {
			b.WriteString("    header " + kv[0] + " \"" + kv[1] + "\"\n")
		}
		b.WriteString("    respond 204\n}\n")
	}
	b.WriteString("@cors" + p.suffix() + " path " + paths + "\n")
	for _, kv := range headerLines(p, false) {
		b.WriteString("header @cors" + p.suffix() + " " + kv[0] + " \"" + kv[1] + "\"\n")
	}
	return b.String()
}

func express(p Policy) string {
	var b strings.Builder
	b.WriteString(p.severalServers("//"))
	if p.n < 2 {
		b.WriteString("// npm install cors\nconst cors = require('cors');\n\n")
	}
	b.WriteString("const corsOptions" + p.suffix() + " = {\n")
	b.WriteString("  origin: '" + p.Origin + "',\n")
	if p.Credentials {
		b.WriteString("  credentials: true,\n")
	}
	b.WriteString("  methods: [" + quoteAll(p.methodsOrDefault(), "'") + "],\n")
	if len(p.Headers) > 0 {
		b.WriteString("  allowedHeaders: [" + quoteAll(p.Headers, "'") + "],\n")
	}
	if len(p.Expose) > 0 {
		b.WriteString("  exposedHeaders: [" + quoteAll(p.Expose, "'") + "],\n")
	}
	b.WriteString("};\n\n")
	for _, path := range p.Paths {
		if p.Preflight {
			b.WriteString("app.options('" + path + "', cors(corsOptions" + p.suffix() + ")); // answers the preflight\n")
		}
		b.WriteString("app.use('" + path + "', cors(corsOptions" + p.suffix() + "));   // before the route's own handler\n")
	}
	return b.String()
}

func goMethods(list []string) string {
	out := make([]string, len(list))
	for i, m := range list {
		switch m {
		case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE":
			out[i] = "http.Method" + m[:1] + strings.ToLower(m[1:])
		default:
			out[i] = strconv.Quote(m)
		}
	}
	return strings.Join(out, ", ")
}

func goStrings(list []string) string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strconv.Quote(s)
	}
	return strings.Join(out, ", ")
}

func goRsCors(p Policy) string {
	var b strings.Builder
	b.WriteString(p.severalServers("//"))
	b.WriteString("// import \"github.com/rs/cors\"\nc" + p.suffix() + " := cors.New(cors.Options{\n")
	b.WriteString("\tAllowedOrigins: []string{" + strconv.Quote(p.Origin) + "},\n")
	b.WriteString("\tAllowedMethods: []string{" + goMethods(p.methodsOrDefault()) + "},\n")
	if len(p.Headers) > 0 {
		b.WriteString("\tAllowedHeaders: []string{" + goStrings(p.Headers) + "},\n")
	}
	if len(p.Expose) > 0 {
		b.WriteString("\tExposedHeaders: []string{" + goStrings(p.Expose) + "},\n")
	}
	if p.Credentials {
		b.WriteString("\tAllowCredentials: true,\n")
	}
	b.WriteString("})\nhandler = c" + p.suffix() + ".Handler(handler) // answers the preflight itself, adds Vary: Origin\n")
	return b.String()
}

func goJub0bs(p Policy) string {
	var b strings.Builder
	b.WriteString(p.severalServers("//"))
	b.WriteString("// import \"github.com/jub0bs/cors\"\ncorsMw" + p.suffix() + ", err := cors.NewMiddleware(cors.Config{\n")
	b.WriteString("\tOrigins: []string{" + strconv.Quote(p.Origin) + "},\n")
	if p.Credentials {
		b.WriteString("\tCredentialed: true,\n")
	}
	if len(p.Methods) > 0 {
		b.WriteString("\tMethods: []string{" + goMethods(p.Methods) + "},\n")
	}
	if len(p.Headers) > 0 {
		b.WriteString("\tRequestHeaders: []string{" + goStrings(p.Headers) + "},\n")
	}
	if len(p.Expose) > 0 {
		b.WriteString("\tResponseHeaders: []string{" + goStrings(p.Expose) + "},\n")
	}
	if p.Credentials && strings.HasPrefix(p.Origin, "http://") {
		b.WriteString("\t// jub0bs/cors refuses a plain-http origin with credentials; acceptable\n\t// in development only.\n")
		b.WriteString("\tExtraConfig: cors.ExtraConfig{DangerouslyTolerateInsecureOrigins: true},\n")
	}
	b.WriteString("})\nif err != nil {\n\tlog.Fatal(err)\n}\nhandler = corsMw" + p.suffix() + ".Wrap(handler)\n")
	return b.String()
}

func pyList(list []string) string { return "[" + quoteAll(list, "\"") + "]" }

func django(p Policy) string {
	var b strings.Builder
	b.WriteString(p.severalServers("#"))
	b.WriteString("# settings.py, with django-cors-headers (pip install django-cors-headers)\n")
	b.WriteString("INSTALLED_APPS += [\"corsheaders\"]\n")
	b.WriteString("MIDDLEWARE.insert(0, \"corsheaders.middleware.CorsMiddleware\")  # before CommonMiddleware\n")
	if p.Origin == "*" {
		b.WriteString("CORS_ALLOW_ALL_ORIGINS = True\n")
	} else {
		b.WriteString("CORS_ALLOWED_ORIGINS = " + pyList([]string{p.Origin}) + "\n")
	}
	if p.Credentials {
		b.WriteString("CORS_ALLOW_CREDENTIALS = True\n")
	}
	if len(p.Methods) > 0 {
		b.WriteString("CORS_ALLOW_METHODS = " + pyList(p.Methods) + "\n")
	}
	if len(p.Headers) > 0 {
		b.WriteString("CORS_ALLOW_HEADERS = " + pyList(p.Headers) + "\n")
	}
	if len(p.Expose) > 0 {
		b.WriteString("CORS_EXPOSE_HEADERS = " + pyList(p.Expose) + "\n")
	}
	b.WriteString("CORS_URLS_REGEX = r\"^(" + regexpPaths(p.Paths) + ")$\"\n")
	return b.String()
}

func regexpPaths(paths []string) string {
	out := make([]string, len(paths))
	for i, p := range paths {
		var b strings.Builder
		for _, r := range p {
			if strings.ContainsRune(`\.+*?()|[]{}^$`, r) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		out[i] = b.String()
	}
	return strings.Join(out, "|")
}

func flask(p Policy) string {
	var b strings.Builder
	b.WriteString(p.severalServers("#"))
	b.WriteString("# pip install flask-cors\nfrom flask_cors import CORS\n\nCORS(app, resources={\n")
	for _, path := range p.Paths {
		b.WriteString("    r\"^" + regexpPaths([]string{path}) + "$\": {\n")
		b.WriteString("        \"origins\": " + pyList([]string{p.Origin}) + ",\n")
		b.WriteString("        \"methods\": " + pyList(p.methodsOrDefault()) + ",\n")
		if len(p.Headers) > 0 {
			b.WriteString("        \"allow_headers\": " + pyList(p.Headers) + ",\n")
		}
		if len(p.Expose) > 0 {
			b.WriteString("        \"expose_headers\": " + pyList(p.Expose) + ",\n")
		}
		if p.Credentials {
			b.WriteString("        \"supports_credentials\": True,\n")
		}
		b.WriteString("    },\n")
	}
	b.WriteString("})\n")
	return b.String()
}

func spring(p Policy) string {
	var b strings.Builder
	b.WriteString(p.severalServers("//"))
	b.WriteString("@Configuration\npublic class CorsConfig implements WebMvcConfigurer {\n    @Override\n    public void addCorsMappings(CorsRegistry registry) {\n")
	for _, path := range p.Paths {
		b.WriteString("        registry.addMapping(\"" + path + "\")\n")
		b.WriteString("            .allowedOrigins(\"" + p.Origin + "\")\n")
		b.WriteString("            .allowedMethods(" + quoteAll(p.methodsOrDefault(), "\"") + ")\n")
		if len(p.Headers) > 0 {
			b.WriteString("            .allowedHeaders(" + quoteAll(p.Headers, "\"") + ")\n")
		}
		if len(p.Expose) > 0 {
			b.WriteString("            .exposedHeaders(" + quoteAll(p.Expose, "\"") + ")\n")
		}
		if p.Credentials {
			b.WriteString("            .allowCredentials(true)\n")
		}
		b.WriteString("            ;\n")
	}
	b.WriteString("    }\n}\n// Or on the controller method: @CrossOrigin(origins = \"" + p.Origin + "\"")
	if p.Credentials {
		b.WriteString(", allowCredentials = \"true\"")
	}
	b.WriteString(")\n")
	return b.String()
}

func aspnet(p Policy) string {
	var b strings.Builder
	b.WriteString(p.severalServers("//"))
	b.WriteString("// Program.cs\nbuilder.Services.AddCors(options =>\n    options.AddPolicy(\"corsim" + p.suffix() + "\", policy => policy\n")
	if p.Origin == "*" {
		b.WriteString("        .AllowAnyOrigin()\n")
	} else {
		b.WriteString("        .WithOrigins(\"" + p.Origin + "\")\n")
	}
	b.WriteString("        .WithMethods(" + quoteAll(p.methodsOrDefault(), "\"") + ")\n")
	if len(p.Headers) > 0 {
		b.WriteString("        .WithHeaders(" + quoteAll(p.Headers, "\"") + ")\n")
	}
	if len(p.Expose) > 0 {
		b.WriteString("        .WithExposedHeaders(" + quoteAll(p.Expose, "\"") + ")\n")
	}
	if p.Credentials {
		b.WriteString("        .AllowCredentials()\n")
	}
	b.WriteString("    ));\n// ... after app.UseRouting(), before the endpoints:\napp.UseCors(\"corsim" + p.suffix() + "\");\n")
	return b.String()
}

// s3 is the bucket's CORS configuration, JSON only: what does not fit in
// it is in s3Note.
func s3(p Policy) string {
	ok, _ := s3Methods(p)
	var b strings.Builder
	b.WriteString("[\n  {\n")
	b.WriteString("    \"AllowedOrigins\": [\"" + p.Origin + "\"],\n")
	b.WriteString("    \"AllowedMethods\": [" + quoteAll(ok, "\"") + "],\n")
	if len(p.Headers) > 0 {
		b.WriteString("    \"AllowedHeaders\": [" + quoteAll(p.Headers, "\"") + "],\n")
	}
	b.WriteString("    \"ExposeHeaders\": [" + quoteAll(p.Expose, "\"") + "]\n  }\n]\n")
	return b.String()
}

// s3Methods splits the methods into those S3 can allow and the others.
func s3Methods(p Policy) (ok, unsupported []string) {
	for _, m := range p.methodsOrDefault() {
		switch m {
		case "GET", "PUT", "POST", "DELETE", "HEAD":
			ok = append(ok, m)
		default:
			unsupported = append(unsupported, m)
		}
	}
	if len(ok) == 0 {
		ok = []string{"GET"}
	}
	return ok, unsupported
}

func s3Note(p Policy) string {
	var notes []string
	if len(p.Hosts) > 1 {
		notes = append(notes, "The fix spans "+strings.Join(p.Hosts, " and ")+": set it on each bucket.")
	}
	if _, bad := s3Methods(p); len(bad) > 0 {
		notes = append(notes, "S3 allows only GET, PUT, POST, DELETE and HEAD: "+strings.Join(bad, ", ")+" cannot be allowed.")
	}
	notes = append(notes, "aws s3api put-bucket-cors --bucket BUCKET --cors-configuration '{\"CORSRules\": <this list>}'")
	return strings.Join(notes, " ")
}
