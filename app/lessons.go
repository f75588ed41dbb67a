package app

import (
	"embed"

	"corsim/scenario"
)

//go:embed lessons/*.json
var lessonFiles embed.FS

// Lesson is one step of the course: a scenario, a short text, and a
// question to answer before the verdict is revealed.
type Lesson struct {
	File     string
	Title    string
	Text     string
	Question string
	Choices  []string
	Answer   int
	Explain  string
}

// Lessons in teaching order.
var Lessons = []Lesson{
	{"same-origin-get", "1. Same origin: nothing to check",
		"The page at app.test reads from its own origin. The same-origin policy lets script read everything, except Set-Cookie.",
		"Can script read the X-Custom response header?", []string{"Yes", "No"}, 0,
		"Same-origin responses are basic responses: every header but Set-Cookie is readable, and no Origin header is even sent for a GET."},
	{"simple-get-missing-acao", "2. Cross-origin: the server must opt in",
		"Now the page asks api.test. The browser sends the request, gets the answer, and then decides whether script may see it.",
		"Does the GET reach the server?", []string{"Yes, the server answers", "No, the browser blocks it first"}, 0,
		"A simple request always goes out. CORS blocks the reading, not the sending: the server saw the request and did its work."},
	{"simple-get-acao-exact", "3. Access-Control-Allow-Origin opens the door",
		"The server names the page's origin in Access-Control-Allow-Origin.",
		"Which response headers can script read?", []string{"All of them", "Only the safelisted ones such as Content-Type", "None"}, 1,
		"A CORS response exposes only the seven safelisted headers unless Access-Control-Expose-Headers names more."},
	{"content-type-json-preflights", "4. What triggers a preflight",
		"POST is a simple method, but this request sends Content-Type: application/json.",
		"Will the browser send an OPTIONS request first?", []string{"Yes", "No"}, 0,
		"Only three Content-Types are safelisted (form-urlencoded, multipart, text/plain). JSON makes the header CORS-unsafe, so the server must approve it in a preflight."},
	{"preflight-put-ok", "5. The preflight, step by step",
		"A PUT with a JSON body and a custom header. Step through the flowchart to see each check on the OPTIONS response.",
		"What does Access-Control-Request-Headers contain?", []string{"Content-Type, X-Trace", "content-type,x-trace", "x-trace"}, 1,
		"The names are lower-cased, sorted and joined by a comma without spaces."},
	{"preflight-405-no-acao", "6. A server that ignores OPTIONS",
		"Many frameworks answer OPTIONS with 404 or 405 and no CORS headers.",
		"What does Chromium report?", []string{"It does not have HTTP ok status", "No 'Access-Control-Allow-Origin' header is present"}, 1,
		"Chromium checks Access-Control-Allow-Origin on the preflight before the status, so the missing header is what it reports."},
	{"credentials-include-wildcard", "7. Credentials and *",
		"The request sends cookies (credentials: 'include'); the server answers Access-Control-Allow-Origin: *.",
		"Is the response readable?", []string{"Yes, * allows everyone", "No"}, 1,
		"With credentials, * is refused: the server must echo the exact origin and send Access-Control-Allow-Credentials: true."},
	{"expose-list", "8. Exposing response headers",
		"The server lists X-Total-Count and ETag in Access-Control-Expose-Headers, and also a header it does not send.",
		"Which names does response.headers list?", []string{"content-type, etag, x-total-count", "content-type, etag, x-absent, x-total-count"}, 0,
		"Exposed names only matter for headers that are actually present."},
	{"cache-ten-requests", "9. The preflight cache",
		"Ten PUTs over 30 seconds; the server allows caching for 10 seconds. Watch the cache timeline below the verdict.",
		"How many preflights go out?", []string{"1", "3", "10"}, 1,
		"Each preflight is remembered for Access-Control-Max-Age seconds; after that the next request preflights again."},
	{"redirect-cross-to-cross-origin-null", "10. Redirects and Origin: null",
		"api.test redirects to other.test. Look at the Origin header of the second hop in the wire view.",
		"What Origin does other.test see?", []string{"http://app.test:18080", "null", "http://api.test:18080"}, 1,
		"After a redirect between two origins that are both foreign to the page, the request's origin is serialized as null, and only Access-Control-Allow-Origin: null or * passes."},
	{"no-cors-get-opaque", "11. no-cors and opaque responses",
		"mode: 'no-cors' skips CORS entirely, at a price.",
		"What status does script see?", []string{"200", "0"}, 1,
		"An opaque response hides status, headers and body. It is only useful to hand to something like a cache or an <img>."},
	{"acao-two-lines", "12. A classic misconfiguration: two Allow-Origin lines",
		"The app sets Access-Control-Allow-Origin and so does a proxy in front of it.",
		"Does it pass because one of the two values is right?", []string{"Yes", "No"}, 1,
		"Header values are combined with ', ' before the check, so two lines read as a list, and a list is never a valid origin."},
	{"acam-lowercase", "13. Methods are case-sensitive",
		"The server allows 'put' in lower case.",
		"Is PUT allowed?", []string{"Yes", "No"}, 1,
		"Access-Control-Allow-Methods is compared byte for byte. fetch() upper-cases put to PUT, but the server's list is taken as written."},
	{"preflight-ok-actual-fails", "14. CORS does not protect the server",
		"The preflight passes, the PUT goes out, and its response lacks Access-Control-Allow-Origin.",
		"Did the server perform the PUT?", []string{"Yes", "No"}, 0,
		"The browser only hides the response. Protect state-changing endpoints with authentication and CSRF defences, not with CORS."},
	{"mixed-content-blocked", "15. An https page cannot call http",
		"The page is served over https and fetches http://api.test. The server allows every origin.",
		"Does the request reach the server?", []string{"Yes, and * lets script read it", "Yes, but the answer is hidden", "No, the browser blocks it before it leaves"}, 2,
		"Mixed content: an https page may not fetch plain http (except loopback hosts such as localhost), in any mode. No CORS header can change it: serve the API over https."},
}

// LessonScenario loads a lesson's scenario from the embedded files.
func LessonScenario(i int) (*scenario.Scenario, error) {
	b, err := lessonFiles.ReadFile("lessons/" + Lessons[i].File + ".json")
	if err != nil {
		return nil, err
	}
	return scenario.Load(Lessons[i].File, b)
}
