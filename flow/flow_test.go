package flow

import (
	"testing"

	"corsim/fetchspec"
	"corsim/scenario"
)

func load(t *testing.T, name string) *scenario.Output {
	t.Helper()
	s, err := scenario.LoadFile("../testdata/scenarios/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	out, err := s.Eval("")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func node(c Chart, id fetchspec.StepID) Node {
	for _, n := range c.Nodes {
		if n.ID == id {
			return n
		}
	}
	return Node{}
}

func TestLayoutMarksPath(t *testing.T) {
	for _, tc := range []struct {
		scenario string
		fail     fetchspec.StepID
		unvisit  fetchspec.StepID
	}{
		{"preflight-404", fetchspec.StepPreflightStatus, fetchspec.StepSend},
		{"simple-get-missing-acao", fetchspec.StepCORSCheck, fetchspec.StepPreflightSend},
		{"acah-missing-header", fetchspec.StepPreflightHeaders, fetchspec.StepCacheStore},
	} {
		c := Layout(load(t, tc.scenario).Results[0])
		if got := node(c, tc.fail).Status; got != "fail" {
			t.Errorf("%s: %s status %q, want fail", tc.scenario, tc.fail, got)
		}
		if got := node(c, tc.unvisit).Visits; got != 0 {
			t.Errorf("%s: %s visited %d times, want 0", tc.scenario, tc.unvisit, got)
		}
	}
}

func TestLayoutRedirectLoopTaken(t *testing.T) {
	c := Layout(load(t, "redirect-same-to-cross").Results[0])
	if node(c, fetchspec.StepRoute).Visits != 2 {
		t.Fatalf("route visits = %d, want 2", node(c, fetchspec.StepRoute).Visits)
	}
	for _, e := range c.Edges {
		if e.From == fetchspec.StepRedirect && e.To == fetchspec.StepRoute && !e.Taken {
			t.Error("redirect → route edge not taken")
		}
	}
}

func TestLayoutNodesDoNotOverlap(t *testing.T) {
	c := Layout(nil)
	for i, a := range c.Nodes {
		for _, b := range c.Nodes[i+1:] {
			if a.X == b.X && a.Y == b.Y {
				t.Errorf("%s and %s overlap", a.ID, b.ID)
			}
		}
		if a.X+NodeW > c.Width || a.Y+NodeH > c.Height {
			t.Errorf("%s outside the chart", a.ID)
		}
	}
}

func TestCacheTimeline(t *testing.T) {
	tl := CacheTimeline(load(t, "cache-ten-requests").Results)
	if len(tl.Rows) != 1 || len(tl.Marks) != 10 {
		t.Fatalf("rows %d marks %d", len(tl.Rows), len(tl.Marks))
	}
	bars := tl.Rows[0].Bars
	if len(bars) != 3 || bars[0].From != 0 || bars[1].From != 11 || bars[2].From != 22 {
		t.Fatalf("bars %+v", bars)
	}
	if bars[0].End != "expired" || bars[0].To != 10 {
		t.Errorf("first bar %+v", bars[0])
	}
	cleared := CacheTimeline(load(t, "cache-cleared-after-failure").Results)
	if b := cleared.Rows[0].Bars[0]; b.End != "cleared" || b.To != 0 {
		t.Errorf("cleared bar %+v", b)
	}
}

// TestPathLayout: only reached steps, in trace order, in columns of seven,
// each edge between consecutive steps, boxes inside the chart.
func TestPathLayout(t *testing.T) {
	res := load(t, "preflight-put-ok").Results[0]
	c := PathLayout(res)
	if !c.Path || len(c.Nodes) == 0 || len(c.Nodes) > len(res.Steps) {
		t.Fatalf("%d nodes for %d steps", len(c.Nodes), len(res.Steps))
	}
	if c.Nodes[0].ID != res.Steps[0].ID || c.Nodes[len(c.Nodes)-1].ID != res.Steps[len(res.Steps)-1].ID {
		t.Error("nodes are not in trace order")
	}
	for _, n := range c.Nodes {
		if n.Status == "" || n.X+c.NodeW > c.Width || n.Y+c.NodeH > c.Height {
			t.Errorf("node %s: status %q at %v,%v outside %vx%v", n.ID, n.Status, n.X, n.Y, c.Width, c.Height)
		}
	}
	if len(c.Nodes) > 7 && c.Nodes[7].X == c.Nodes[0].X {
		t.Error("the eighth step did not wrap to a second column")
	}
	if len(c.Edges) < len(c.Nodes)-1 {
		t.Errorf("%d edges for %d nodes", len(c.Edges), len(c.Nodes))
	}
	for _, id := range fetchspec.FlowSteps {
		if l := pathLabel(id); len(l) > 24 {
			t.Errorf("path label %q is over 24 characters", l)
		}
	}
	if empty := PathLayout(nil); empty.Width <= 0 || len(empty.Nodes) != 0 {
		t.Error("empty chart")
	}
}
