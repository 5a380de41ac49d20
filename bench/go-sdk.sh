#!/usr/bin/env bash
# What a Go proof of the snippets would cost: fetches github.com/microsoftgraph/msgraph-sdk-go
# (pinned below) from the Go module proxy into target/go-sdk-probe (never the repository tree),
# then builds, with an empty build cache, one program that sends Create chat through the SDK's
# request builders and models, the way a Go snippet would. Prints, last:
#   go_sdk=VERSION build_s=… rss_mb=… cache_mb=… incremental_s=…
# build_s and rss_mb are the cold `go build` (wall seconds, peak RSS of the go command and its
# compilers); incremental_s is a rebuild after the program (not the SDK) changes.
# Usage: bench/go-sdk.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
VERSION=v1.89.0
work="$root/target/go-sdk-probe"
mkdir -p "$work"
export GOPATH="$work/gopath" GOFLAGS=-modcacherw GOCACHE="$work/gocache"
cd "$work"
[ -f go.mod ] || go mod init polydoc.local/goprobe >/dev/null 2>&1
go get "github.com/microsoftgraph/msgraph-sdk-go@$VERSION" >&2
cat >main.go <<'GO'
package main

import (
	"context"
	"fmt"

	msgraphsdk "github.com/microsoftgraph/msgraph-sdk-go"
	graphmodels "github.com/microsoftgraph/msgraph-sdk-go/models"
)

func main() {
	requestBody := graphmodels.NewChat()
	chatType := graphmodels.ONEONONE_CHATTYPE
	requestBody.SetChatType(&chatType)
	member := graphmodels.NewAadUserConversationMember()
	member.SetRoles([]string{"owner"})
	member.SetAdditionalData(map[string]interface{}{
		"user@odata.bind": "https://graph.microsoft.com/v1.0/users('8b081ef6-4792-4def-b2c9-c363a1bf41d5')",
	})
	requestBody.SetMembers([]graphmodels.ConversationMemberable{member})
	client := msgraphsdk.NewGraphServiceClient(nil)
	info, err := client.Chats().ToPostRequestInformation(context.Background(), requestBody, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(info.Method.String(), info.UrlTemplate)
}
GO
go mod tidy >&2
rm -rf "$GOCACHE"
/usr/bin/time -f '%e %M' -o "$work/build.time" go build -o "$work/probe" . >&2
read -r secs kb <"$work/build.time"
cache_mb=$(du -sm "$GOCACHE" | cut -f1)
echo "// changed" >>main.go
/usr/bin/time -f '%e %M' -o "$work/rebuild.time" go build -o "$work/probe" . >&2
read -r isecs _ <"$work/rebuild.time"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
awk -v v="$VERSION" -v s="$secs" -v kb="$kb" -v c="$cache_mb" -v i="$isecs" 'BEGIN {
    printf "go_sdk=%s build_s=%.1f rss_mb=%d cache_mb=%d incremental_s=%.1f\n", v, s, kb / 1024, c, i }'
