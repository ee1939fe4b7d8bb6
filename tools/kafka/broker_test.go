package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/IBM/sarama"
)

// The requests KEDA v2.21.0's kafka scaler (pkg/scalers/kafka_scaler.go) sends
// through IBM/sarama, in its order: a client with the configured Kafka version
// (v1.0.0 unless the trigger sets `version`) that loads the metadata of all
// topics (`fullMetadata`, true by default) or only of the trigger's topic, a
// cluster admin from that client, DescribeTopics (Metadata), the group's
// committed offsets (FindCoordinator + OffsetFetch; without a topic, for every
// topic of the group), and each partition leader's newest offset (ListOffsets
// v1 through Broker.GetAvailableOffsets). The lag it computes must be ours.
func kedaLikeLag(t *testing.T, bootstrap string, version sarama.KafkaVersion, full bool, group, topic string) int64 {
	t.Helper()
	config := sarama.NewConfig()
	config.Version = version
	config.Metadata.Full = full
	client, err := sarama.NewClient([]string{bootstrap}, config)
	if err != nil {
		t.Fatalf("sarama client (%s): %v", version, err)
	}
	defer client.Close()
	if !full && topic != "" {
		if err := client.RefreshMetadata(topic); err != nil {
			t.Fatalf("RefreshMetadata: %v", err)
		}
	}
	admin, err := sarama.NewClusterAdminFromClient(client)
	if err != nil {
		t.Fatalf("admin: %v", err)
	}

	topics := []string{topic}
	if topic == "" {
		listed, err := admin.ListConsumerGroupOffsets(group, nil)
		if err != nil || listed.Err != sarama.ErrNoError {
			t.Fatalf("ListConsumerGroupOffsets(all topics): %v %v", err, listed.Err)
		}
		topics = nil
		for name := range listed.Blocks {
			topics = append(topics, name)
		}
		if len(topics) != 1 {
			t.Fatalf("topics of the group: %v, want exactly one", topics)
		}
		topic = topics[0]
	}
	described, err := admin.DescribeTopics(topics)
	if err != nil || len(described) != 1 || described[0].Err != sarama.ErrNoError {
		t.Fatalf("DescribeTopics: %v %+v", err, described)
	}
	partitions := map[string][]int32{topic: {}}
	for _, p := range described[0].Partitions {
		partitions[topic] = append(partitions[topic], p.ID)
	}

	committed, err := admin.ListConsumerGroupOffsets(group, partitions)
	if err != nil || committed.Err != sarama.ErrNoError {
		t.Fatalf("ListConsumerGroupOffsets: %v %v", err, committed.Err)
	}

	var lag int64
	for _, p := range partitions[topic] {
		leader, err := client.Leader(topic, p)
		if err != nil {
			t.Fatalf("Leader(%s, %d): %v", topic, p, err)
		}
		req := &sarama.OffsetRequest{Version: 1}
		req.AddBlock(topic, p, sarama.OffsetNewest, 1)
		resp, err := leader.GetAvailableOffsets(req)
		if err != nil {
			t.Fatalf("ListOffsets: %v", err)
		}
		newest := resp.GetBlock(topic, p)
		if newest == nil || newest.Err != sarama.ErrNoError {
			t.Fatalf("ListOffsets block for %s/%d: %+v", topic, p, newest)
		}
		block := committed.GetBlock(topic, p)
		if block == nil || block.Err != sarama.ErrNoError {
			t.Fatalf("OffsetFetch block for %s/%d: %+v", topic, p, block)
		}
		lag += newest.Offset - block.Offset
	}
	return lag
}

func post(t *testing.T, url string) {
	t.Helper()
	resp, err := http.Post(url, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %s", url, resp.Status)
	}
}

func controlLag(t *testing.T, b *Broker, group, topic string) int64 {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("%s/lag?group=%s&topic=%s", b.ControlURL, group, topic))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var report lagReport
	if err := json.NewDecoder(resp.Body).Decode(&report); err != nil {
		t.Fatal(err)
	}
	return report.Lag
}

func TestKedaKafkaScalerRequests(t *testing.T) {
	dir := t.TempDir()
	b, err := Start(Options{Dir: dir, Topics: []Topic{{Name: "orders", Partitions: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	post(t, b.ControlURL+"/produce?topic=orders&count=30")
	post(t, b.ControlURL+"/consume?group=orders-consumer&topic=orders&count=5")
	if got := controlLag(t, b, "orders-consumer", "orders"); got != 25 {
		t.Fatalf("control lag = %d, want 25", got)
	}
	// KEDA's default protocol version, one sarama negotiates with ApiVersions,
	// and the topic-less mode (all topics the group committed).
	for _, v := range []sarama.KafkaVersion{sarama.V1_0_0_0, sarama.V2_8_0_0, sarama.V3_6_0_0} {
		for _, full := range []bool{true, false} {
			if got := kedaLikeLag(t, b.Bootstrap, v, full, "orders-consumer", "orders"); got != 25 {
				t.Errorf("lag seen like KEDA (version %s, fullMetadata %v) = %d, want 25", v, full, got)
			}
		}
	}
	if got := kedaLikeLag(t, b.Bootstrap, sarama.V1_0_0_0, true, "orders-consumer", ""); got != 25 {
		t.Errorf("lag seen like KEDA without a topic = %d, want 25", got)
	}

	// Restart on the same ports and folder: records and commits are kept.
	port, controlPort := b.cluster.ListenAddrs()[0], b.ControlURL
	b.Close()
	var p, cp int
	fmt.Sscanf(port, "127.0.0.1:%d", &p)
	fmt.Sscanf(controlPort, "http://127.0.0.1:%d", &cp)
	b, err = Start(Options{Dir: dir, Port: p, ControlPort: cp, Topics: []Topic{{Name: "orders", Partitions: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	post(t, b.ControlURL+"/consume?group=orders-consumer&topic=orders&count=20")
	// A topic created at run time is served like the others.
	post(t, b.ControlURL+"/topics?topic=payments&partitions=2")
	post(t, b.ControlURL+"/topics?topic=payments&partitions=2")
	post(t, b.ControlURL+"/produce?topic=payments&count=7")
	post(t, b.ControlURL+"/consume?group=payments-consumer&topic=payments&count=0")
	if got := kedaLikeLag(t, b.Bootstrap, sarama.V1_0_0_0, true, "payments-consumer", "payments"); got != 7 {
		t.Errorf("lag on a topic created at run time = %d, want 7", got)
	}
	if got := kedaLikeLag(t, b.Bootstrap, sarama.V1_0_0_0, true, "orders-consumer", "orders"); got != 5 {
		t.Errorf("lag after restart and 20 more consumed = %d, want 5", got)
	}
}

// A group that never committed: Kafka answers OffsetFetch with offset -1 (KEDA
// then reports a lag of 1 per partition, or 0 with scaleToZeroOnInvalidOffset),
// kfake answers GROUP_ID_NOT_FOUND, which KEDA's scaler reports as an error.
// Start functions commit the start offsets for the demo's groups to avoid it.
func TestUnknownGroupDiffersFromKafka(t *testing.T) {
	b, err := Start(Options{Dir: t.TempDir(), Topics: []Topic{{Name: "orders", Partitions: 1}}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	config := sarama.NewConfig()
	config.Version = sarama.V1_0_0_0
	admin, err := sarama.NewClusterAdmin([]string{b.Bootstrap}, config)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	// sarama turns the response's error code into the call's error; KEDA's
	// scaler passes it on as "error listing consumer group offsets".
	_, err = admin.ListConsumerGroupOffsets("never-committed", map[string][]int32{"orders": {0}})
	if !errors.Is(err, sarama.ErrGroupIDNotFound) {
		t.Fatalf("kfake now answers %v for a group that never committed: drop the workaround in startKafka", err)
	}
}
