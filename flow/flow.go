// Package flow lays out the Fetch algorithm as a flowchart: fixed nodes
// for the engine's step ids, edges between them, and, for one result, which
// nodes were reached, which passed or failed, and which edges were taken.
// It is plain Go so the layout is tested natively; app draws it as SVG.
package flow

import (
	"strconv"

	"corsim/fetchspec"
)

// Geometry of the chart, in SVG user units.
const (
	NodeW   = 250
	NodeH   = 46
	ColX0   = 16
	ColX1   = 316
	RowH    = 58
	Top     = 14
	ChartW  = ColX1 + NodeW + 16
	maxRows = 15
)

// Node is one box of the chart.
type Node struct {
	ID     fetchspec.StepID
	Label  string
	X, Y   float64
	Status string // pass, fail, skip, info, or "" when not reached
	Visits int    // how many times the trace passed here (redirect loops)
	// Step is the index in the result's steps of the last visit, or -1.
	Step int
}

// Edge connects two nodes; Taken when the trace went from one to the other.
type Edge struct {
	From, To fetchspec.StepID
	Label    string
	Taken    bool
	// Path is the SVG path data.
	Path string
	// LX, LY place the label.
	LX, LY float64
}

// Chart is a laid-out flowchart.
type Chart struct {
	Nodes  []Node
	Edges  []Edge
	Width  float64
	Height float64
	// NodeW and NodeH are the boxes' size (NodeW, NodeH for Layout;
	// larger for PathLayout).
	NodeW, NodeH float64
	// Path marks a PathLayout: only the steps the trace reached.
	Path bool
}

type place struct{ col, row int }

// places fixes where each step sits: the main path in the left column, the
// preflight and cache bookkeeping in the right one.
var places = map[fetchspec.StepID]place{
	fetchspec.StepConstruct:        {0, 0},
	fetchspec.StepClassify:         {0, 1},
	fetchspec.StepMixedContent:     {1, 1},
	fetchspec.StepRoute:            {0, 2},
	fetchspec.StepPreflightNeeded:  {0, 3},
	fetchspec.StepCacheLookup:      {0, 4},
	fetchspec.StepPreflightSend:    {1, 4},
	fetchspec.StepPreflightCheck:   {1, 5},
	fetchspec.StepPreflightStatus:  {1, 6},
	fetchspec.StepPreflightMethods: {1, 7},
	fetchspec.StepPreflightHeaders: {1, 8},
	fetchspec.StepCacheStore:       {1, 9},
	fetchspec.StepSend:             {0, 10},
	fetchspec.StepCORSCheck:        {0, 11},
	fetchspec.StepCORPCheck:        {1, 11},
	fetchspec.StepRedirect:         {0, 12},
	fetchspec.StepFilter:           {0, 13},
	fetchspec.StepCacheClear:       {1, 13},
}

var edges = []struct {
	from, to fetchspec.StepID
	label    string
}{
	{fetchspec.StepConstruct, fetchspec.StepClassify, ""},
	{fetchspec.StepClassify, fetchspec.StepRoute, ""},
	{fetchspec.StepClassify, fetchspec.StepMixedContent, "https page"},
	{fetchspec.StepMixedContent, fetchspec.StepRoute, ""},
	{fetchspec.StepRoute, fetchspec.StepPreflightNeeded, "cors"},
	{fetchspec.StepRoute, fetchspec.StepSend, "same origin / no-cors"},
	{fetchspec.StepPreflightNeeded, fetchspec.StepCacheLookup, "yes"},
	{fetchspec.StepPreflightNeeded, fetchspec.StepSend, "no"},
	{fetchspec.StepCacheLookup, fetchspec.StepPreflightSend, "miss"},
	{fetchspec.StepCacheLookup, fetchspec.StepSend, "hit"},
	{fetchspec.StepPreflightSend, fetchspec.StepPreflightCheck, ""},
	{fetchspec.StepPreflightSend, fetchspec.StepPreflightStatus, ""},
	{fetchspec.StepPreflightCheck, fetchspec.StepPreflightStatus, ""},
	{fetchspec.StepPreflightStatus, fetchspec.StepPreflightCheck, ""},
	{fetchspec.StepPreflightStatus, fetchspec.StepPreflightMethods, ""},
	{fetchspec.StepPreflightCheck, fetchspec.StepPreflightMethods, ""},
	{fetchspec.StepPreflightMethods, fetchspec.StepPreflightHeaders, ""},
	{fetchspec.StepPreflightHeaders, fetchspec.StepCacheStore, ""},
	{fetchspec.StepCacheStore, fetchspec.StepSend, "approved"},
	{fetchspec.StepSend, fetchspec.StepCORSCheck, "cors"},
	{fetchspec.StepSend, fetchspec.StepRedirect, ""},
	{fetchspec.StepSend, fetchspec.StepFilter, ""},
	{fetchspec.StepSend, fetchspec.StepCORPCheck, "no-cors"},
	{fetchspec.StepCORPCheck, fetchspec.StepRedirect, "3xx"},
	{fetchspec.StepCORPCheck, fetchspec.StepFilter, ""},
	{fetchspec.StepCORSCheck, fetchspec.StepRedirect, "3xx"},
	{fetchspec.StepCORSCheck, fetchspec.StepFilter, ""},
	{fetchspec.StepRedirect, fetchspec.StepRoute, "follow"},
	{fetchspec.StepRedirect, fetchspec.StepFilter, ""},
	{fetchspec.StepFilter, fetchspec.StepCacheClear, "error"},
	{fetchspec.StepCacheClear, fetchspec.StepFilter, ""},
}

func pos(id fetchspec.StepID) (x, y float64) {
	p := places[id]
	x = ColX0
	if p.col == 1 {
		x = ColX1
	}
	return x, Top + float64(p.row)*RowH
}

// Layout builds the chart for a result; res may be nil for an empty chart.
func Layout(res *fetchspec.Result) Chart {
	c := Chart{Width: ChartW, Height: Top + maxRows*RowH - 10, NodeW: NodeW, NodeH: NodeH}
	index := map[fetchspec.StepID]int{}
	for _, id := range fetchspec.FlowSteps {
		x, y := pos(id)
		index[id] = len(c.Nodes)
		c.Nodes = append(c.Nodes, Node{ID: id, Label: fetchspec.StepLabel(id), X: x, Y: y, Step: -1})
	}
	taken := map[[2]fetchspec.StepID]bool{}
	if res != nil {
		for i, s := range res.Steps {
			n := &c.Nodes[index[s.ID]]
			n.Visits++
			n.Step = i
			if n.Status != "fail" {
				n.Status = string(s.Status)
			}
			if i > 0 {
				taken[[2]fetchspec.StepID{res.Steps[i-1].ID, s.ID}] = true
			}
		}
	}
	for _, e := range edges {
		c.Edges = append(c.Edges, route(e.from, e.to, e.label, taken[[2]fetchspec.StepID{e.from, e.to}]))
	}
	return c
}

// route draws an edge: straight down within a column, an elbow between
// columns, and a loop on the left for the redirect back to main fetch.
func route(from, to fetchspec.StepID, label string, taken bool) Edge {
	fx, fy := pos(from)
	tx, ty := pos(to)
	e := Edge{From: from, To: to, Label: label, Taken: taken}
	f := func(v float64) string { return ftoa(v) }
	switch {
	case from == fetchspec.StepRedirect && to == fetchspec.StepRoute:
		x := fx - 8
		e.Path = "M" + f(fx) + " " + f(fy+NodeH/2) + " H" + f(x) + " V" + f(ty+NodeH/2) + " H" + f(tx)
		e.LX, e.LY = x+2, (fy+ty)/2
	case fx == tx && ty > fy:
		// Straight down; skip edges run along the node's left third.
		off := float64(NodeW) / 2
		if ty-fy > RowH {
			off = NodeW - 22
		}
		e.Path = "M" + f(fx+off) + " " + f(fy+NodeH) + " V" + f(ty)
		e.LX, e.LY = fx+off+4, fy+NodeH+12
	case fx == tx:
		// Up within a column (order differs per browser): a short arc.
		e.Path = "M" + f(fx+NodeW-10) + " " + f(fy) + " V" + f(ty+NodeH)
		e.LX, e.LY = fx+NodeW-6, fy-4
	case tx > fx:
		e.Path = "M" + f(fx+NodeW) + " " + f(fy+NodeH/2) + " H" + f(tx+NodeW/2) + " V" + f(ty)
		if ty == fy {
			e.Path = "M" + f(fx+NodeW) + " " + f(fy+NodeH/2) + " H" + f(tx)
		}
		e.LX, e.LY = fx+NodeW+6, fy+NodeH/2-4
	default:
		e.Path = "M" + f(fx+NodeW/2) + " " + f(fy+NodeH) + " V" + f(ty+NodeH/2) + " H" + f(tx+NodeW)
		if ty == fy {
			e.Path = "M" + f(fx) + " " + f(fy+NodeH/2) + " H" + f(tx+NodeW)
		}
		e.LX, e.LY = tx+NodeW+6, ty+NodeH/2-4
	}
	return e
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Geometry of the path chart, for a projector: fewer, larger boxes.
const (
	PathNodeW = 332
	PathNodeH = 48
	pathRowH  = 60
	pathGap   = 24
	pathRows  = 7 // per column; a longer trace wraps to the next column
)

// PathLayout lays out only the steps the trace reached, in the order it
// first reached them, top to bottom in columns of pathRows: the chart for
// presenting, where every box must be legible from the back of a room. A
// step reached again (a redirect's second hop) keeps its first place and
// counts its visits. res may be nil: an empty chart.
func PathLayout(res *fetchspec.Result) Chart {
	c := Chart{NodeW: PathNodeW, NodeH: PathNodeH, Path: true}
	if res == nil || len(res.Steps) == 0 {
		c.Width, c.Height = 2*16+PathNodeW, Top+pathRowH
		return c
	}
	index := map[fetchspec.StepID]int{}
	var order []int // node index per step, in trace order
	for i, s := range res.Steps {
		k, ok := index[s.ID]
		if !ok {
			k = len(c.Nodes)
			index[s.ID] = k
			c.Nodes = append(c.Nodes, Node{ID: s.ID, Label: pathLabel(s.ID), Step: -1})
		}
		n := &c.Nodes[k]
		n.Visits++
		n.Step = i
		if n.Status != "fail" {
			n.Status = string(s.Status)
		}
		order = append(order, k)
	}
	cols := (len(c.Nodes) + pathRows - 1) / pathRows
	rows := min(len(c.Nodes), pathRows)
	for k := range c.Nodes {
		col, row := k/pathRows, k%pathRows
		c.Nodes[k].X = 16 + float64(col)*(PathNodeW+pathGap)
		c.Nodes[k].Y = Top + float64(row)*pathRowH
	}
	c.Width = 32 + float64(cols)*PathNodeW + float64(cols-1)*pathGap
	c.Height = Top + float64(rows)*pathRowH
	seen := map[[2]int]bool{}
	for i := 1; i < len(order); i++ {
		a, b := order[i-1], order[i]
		if a == b || seen[[2]int{a, b}] {
			continue
		}
		seen[[2]int{a, b}] = true
		c.Edges = append(c.Edges, pathEdge(c.Nodes[a], c.Nodes[b]))
	}
	return c
}

// pathEdge joins two boxes of the path chart: down a column, across to
// the top of the next one, or back up on the left (a redirect's loop).
func pathEdge(a, b Node) Edge {
	f := ftoa
	e := Edge{From: a.ID, To: b.ID, Taken: true}
	switch {
	case a.X == b.X && b.Y > a.Y:
		x := a.X + PathNodeW/2
		e.Path = "M" + f(x) + " " + f(a.Y+PathNodeH) + " V" + f(b.Y)
	case b.X > a.X:
		// Bottom of one column to the top of the next.
		mid := a.X + PathNodeW + pathGap/2
		e.Path = "M" + f(a.X+PathNodeW) + " " + f(a.Y+PathNodeH/2) + " H" + f(mid) + " V" + f(b.Y-6) + " H" + f(b.X+PathNodeW/2) + " V" + f(b.Y)
	default:
		// Back to an earlier box: around the left side.
		x := b.X - 8
		e.Path = "M" + f(a.X) + " " + f(a.Y+PathNodeH/2) + " H" + f(x) + " V" + f(b.Y+PathNodeH/2) + " H" + f(b.X)
	}
	return e
}

// shortLabels are the path chart's labels where the flowchart's are too
// long for a large box (at most 24 characters).
var shortLabels = map[fetchspec.StepID]string{
	fetchspec.StepConstruct:     "fetch() checks arguments",
	fetchspec.StepRoute:         "Same origin or CORS?",
	fetchspec.StepPreflightSend: "OPTIONS preflight sent",
	fetchspec.StepSend:          "Request sent",
	fetchspec.StepFilter:        "What script can see",
}

func pathLabel(id fetchspec.StepID) string {
	if l, ok := shortLabels[id]; ok {
		return l
	}
	return fetchspec.StepLabel(id)
}
