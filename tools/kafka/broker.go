package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Topic is a topic the broker creates at start unless it exists.
type Topic struct {
	Name       string
	Partitions int32
}

// Options configure Start.
type Options struct {
	Dir         string // data folder; kfake persists topics, records and commits there
	Port        int    // Kafka port on 127.0.0.1, 0 picks a free one
	ControlPort int    // HTTP control port on 127.0.0.1, 0 picks a free one
	Topics      []Topic
	Logger      kfake.Logger
}

// Broker is a running kfake cluster of one broker plus its control API.
type Broker struct {
	Bootstrap  string // 127.0.0.1:PORT
	ControlURL string // http://127.0.0.1:PORT
	cluster    *kfake.Cluster
	client     *kgo.Client
	server     *http.Server
}

// Start runs the broker and the control API, both on 127.0.0.1.
func Start(o Options) (*Broker, error) {
	opts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.Ports(o.Port),
		kfake.DataDir(o.Dir),
		kfake.ClusterID("keda-portal"),
	}
	if o.Logger != nil {
		opts = append(opts, kfake.WithLogger(o.Logger))
	}
	// kfake listens on 127.0.0.1 only.
	cluster, err := kfake.NewCluster(opts...)
	if err != nil {
		return nil, fmt.Errorf("starting kfake: %w", err)
	}
	b := &Broker{Bootstrap: cluster.ListenAddrs()[0], cluster: cluster}
	for _, t := range o.Topics {
		if err := cluster.CreateTopic(t.Name, t.Partitions, nil); err != nil &&
			!errors.Is(err, kerr.TopicAlreadyExists) {
			b.Close()
			return nil, fmt.Errorf("creating topic %s: %w", t.Name, err)
		}
	}
	b.client, err = kgo.NewClient(
		kgo.SeedBrokers(b.Bootstrap),
		kgo.RecordPartitioner(kgo.ManualPartitioner()),
		kgo.ProducerLinger(0),
	)
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("creating client: %w", err)
	}
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", o.ControlPort))
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("control port: %w", err)
	}
	b.ControlURL = "http://" + ln.Addr().String()
	ctl := &control{cluster: cluster, client: b.client, admin: kadm.NewClient(b.client)}
	b.server = &http.Server{Handler: ctl.routes(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = b.server.Serve(ln) }()
	return b, nil
}

// Close stops the control API and the broker; kfake flushes the data folder
// on close, so a restart with the same folder finds the same state.
func (b *Broker) Close() {
	if b.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = b.server.Shutdown(ctx)
	}
	if b.client != nil {
		b.client.Close()
	}
	b.cluster.Close()
}

type control struct {
	cluster *kfake.Cluster
	client  *kgo.Client
	admin   *kadm.Client
	// One change at a time: consume reads then commits the group's offsets.
	mu sync.Mutex
}

type partitionLag struct {
	Partition int32 `json:"partition"`
	Start     int64 `json:"start"`
	End       int64 `json:"end"`
	// Committed is -1 when the group never committed this partition.
	Committed int64 `json:"committed"`
	// Lag counts from the start offset when nothing is committed.
	Lag int64 `json:"lag"`
}

type lagReport struct {
	Group      string         `json:"group"`
	Topic      string         `json:"topic"`
	Lag        int64          `json:"lag"`
	Partitions []partitionLag `json:"partitions"`
}

func (c *control) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
	})
	mux.HandleFunc("POST /topics", func(w http.ResponseWriter, r *http.Request) {
		topic, partitions := r.URL.Query().Get("topic"), r.URL.Query().Get("partitions")
		n, err := strconv.Atoi(partitions)
		if topic == "" || err != nil || n < 1 {
			writeJSON(w, http.StatusBadRequest, map[string]string{
				"error": "topic and partitions (a whole number >= 1) are required, e.g. ?topic=orders&partitions=6",
			})
			return
		}
		err = c.cluster.CreateTopic(topic, int32(n), nil)
		created := err == nil
		if errors.Is(err, kerr.TopicAlreadyExists) {
			err = nil
		}
		reply(w, map[string]any{"topic": topic, "created": created}, err)
	})
	mux.HandleFunc("POST /produce", func(w http.ResponseWriter, r *http.Request) {
		topic, count, ok := params(w, r, false)
		if !ok {
			return
		}
		n, err := c.produce(r.Context(), topic, count)
		reply(w, map[string]any{"topic": topic, "produced": n}, err)
	})
	mux.HandleFunc("POST /consume", func(w http.ResponseWriter, r *http.Request) {
		topic, count, ok := params(w, r, true)
		if !ok {
			return
		}
		n, err := c.consume(r.Context(), r.URL.Query().Get("group"), topic, count)
		reply(w, map[string]any{"topic": topic, "consumed": n}, err)
	})
	mux.HandleFunc("GET /lag", func(w http.ResponseWriter, r *http.Request) {
		group, topic := r.URL.Query().Get("group"), r.URL.Query().Get("topic")
		if group == "" || topic == "" {
			writeJSON(w, http.StatusBadRequest, map[string]string{
				"error": "group and topic are required query parameters, e.g. /lag?group=orders-consumer&topic=orders",
			})
			return
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		report, err := c.lag(r.Context(), group, topic)
		reply(w, report, err)
	})
	return mux
}

func params(w http.ResponseWriter, r *http.Request, needGroup bool) (string, int, bool) {
	q := r.URL.Query()
	count, err := strconv.Atoi(q.Get("count"))
	switch {
	case q.Get("topic") == "":
		err = errors.New("topic is required, e.g. ?topic=orders")
	case err != nil || count < 0:
		err = errors.New("count must be a whole number >= 0, e.g. &count=10")
	case needGroup && q.Get("group") == "":
		err = errors.New("group is required, e.g. &group=orders-consumer")
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return "", 0, false
	}
	return q.Get("topic"), count, true
}

func (c *control) partitions(ctx context.Context, topic string) ([]int32, error) {
	details, err := c.admin.ListTopics(ctx, topic)
	if err != nil {
		return nil, err
	}
	d, ok := details[topic]
	if !ok || d.Err != nil {
		return nil, fmt.Errorf("topic %q does not exist: add it to the broker's topics (--topic %s:PARTITIONS, or startKafka's topics)", topic, topic)
	}
	ps := d.Partitions.Numbers()
	sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
	return ps, nil
}

func (c *control) produce(ctx context.Context, topic string, count int) (int, error) {
	ps, err := c.partitions(ctx, topic)
	if err != nil {
		return 0, err
	}
	records := make([]*kgo.Record, count)
	for i := range records {
		records[i] = &kgo.Record{
			Topic:     topic,
			Partition: ps[i%len(ps)],
			Value:     fmt.Appendf(nil, `{"n":%d,"at":%q}`, i, time.Now().UTC().Format(time.RFC3339Nano)),
		}
	}
	if err := c.client.ProduceSync(ctx, records...).FirstErr(); err != nil {
		return 0, err
	}
	return count, nil
}

// consume commits count more records as consumed, one partition after the
// other in turn, as a group of consumers would. It reads no records: the
// committed offsets are what lag (and KEDA's kafka scaler) is computed from.
func (c *control) consume(ctx context.Context, group, topic string, count int) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	report, err := c.lag(ctx, group, topic)
	if err != nil {
		return 0, err
	}
	next := map[int32]int64{}
	for _, p := range report.Partitions {
		if p.Committed < 0 {
			next[p.Partition] = p.Start
		} else {
			next[p.Partition] = p.Committed
		}
	}
	done := 0
	for progressed := true; done < count && progressed; {
		progressed = false
		for _, p := range report.Partitions {
			if done < count && next[p.Partition] < p.End {
				next[p.Partition]++
				done++
				progressed = true
			}
		}
	}
	offsets := kadm.Offsets{}
	for _, p := range report.Partitions {
		if p.Committed < 0 || next[p.Partition] != p.Committed {
			offsets.Add(kadm.Offset{Topic: topic, Partition: p.Partition, At: next[p.Partition], LeaderEpoch: -1})
		}
	}
	if len(offsets) == 0 {
		return 0, nil
	}
	resp, err := c.admin.CommitOffsets(ctx, group, offsets)
	if err == nil {
		err = resp.Error()
	}
	if err != nil {
		return 0, err
	}
	return done, nil
}

func (c *control) lag(ctx context.Context, group, topic string) (lagReport, error) {
	report := lagReport{Group: group, Topic: topic, Partitions: []partitionLag{}}
	ps, err := c.partitions(ctx, topic)
	if err != nil {
		return report, err
	}
	starts, err := c.admin.ListStartOffsets(ctx, topic)
	if err == nil {
		err = starts.Error()
	}
	if err != nil {
		return report, err
	}
	ends, err := c.admin.ListEndOffsets(ctx, topic)
	if err == nil {
		err = ends.Error()
	}
	if err != nil {
		return report, err
	}
	committed, err := c.admin.FetchOffsetsForTopics(ctx, group, topic)
	if err == nil {
		err = committed.Error()
	}
	// kfake answers GROUP_ID_NOT_FOUND for a group that never committed,
	// where Kafka answers offset -1: both mean nothing is committed.
	if errors.Is(err, kerr.GroupIDNotFound) {
		committed, err = kadm.OffsetResponses{}, nil
	}
	if err != nil {
		return report, err
	}
	for _, p := range ps {
		start, _ := starts.Lookup(topic, p)
		end, _ := ends.Lookup(topic, p)
		pl := partitionLag{Partition: p, Start: start.Offset, End: end.Offset, Committed: -1}
		from := start.Offset
		if o, ok := committed.Lookup(topic, p); ok && o.At >= 0 {
			pl.Committed = o.At
			from = o.At
		}
		pl.Lag = max(end.Offset-from, 0)
		report.Lag += pl.Lag
		report.Partitions = append(report.Partitions, pl)
	}
	return report, nil
}

func reply(w http.ResponseWriter, body any, err error) {
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, body)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
