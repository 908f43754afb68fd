#!/usr/bin/env bash
# Build the Derby social-media map from ../shared/seed/derby-social-media-map.txt with CLI commands only.
# Usage: examples/derby.sh [MAP_FILE]   (default: maps/derby.json)
set -euo pipefail
export MINDMAP_FILE="${1:-maps/derby.json}"
# Reproducible ids and dates, so that rebuilding gives the same file as the one committed.
export MINDMAP_ID_SEED=derby SOURCE_DATE_EPOCH=1262304000 MINDMAP_USER="Tim"
mkdir -p "$(dirname "$MINDMAP_FILE")"

mindmap -q init "Social media in Derby" --force \
  --author "Tim" --author "Paul Cole" --license "CC BY 4.0" \
  --description "Organisations in Derby and the social-media channels each of them runs, collected by Tim and Paul Cole with readers of the Social Media Cafe blog."

for sector in "Local government" "Emergency services" "Education" "Arts and culture" \
              "Community and third sector" "Business"; do
  mindmap -q add sector "$sector" >/dev/null
done

mindmap -q add org "Derby QUAD" --under "Arts and culture" --url "https://www.derbyquad.co.uk" \
  --note "Customer service on Twitter singled out as excellent." >/dev/null
# Channels are added as people paste them: mindmap works out the platform, the handle and a clean link.
mindmap -q add channel @derbyquad --under "Derby QUAD" --platform twitter >/dev/null

mindmap -q add org "University of Derby" --under "Education" --by "Bel" >/dev/null
mindmap -q add org "University of Derby Press Office" --under "University of Derby" --by "Bel" \
  --note "Daily news, videos and links to media coverage of the university." >/dev/null
mindmap -q add channel http://twitter.com/DerbyUniPress --under "University of Derby Press Office" --by "Bel" >/dev/null

mindmap -q add org "Derbyshire County Council" --under "Local government" >/dev/null
mindmap -q add channel @Derbyshirecc --under "Derbyshire County Council" --platform twitter >/dev/null
for council in "South Derbyshire District Council" "Bolsover District Council" "North East Derbyshire District Council"; do
  mindmap -q add org "$council" --under "Local government" --by "Paul Cole" \
    --note "On Twitter (address not yet known)." >/dev/null
done

mindmap -q add org "Derbyshire Police" --under "Emergency services" --by "Paul Cole" >/dev/null
mindmap -q add channel http://www.twitter.com/derbyspolice --under "Derbyshire Police" --by "Paul Cole" >/dev/null

mindmap -q add org "Social Media Cafe Derby" --under "Community and third sector" \
  --url "http://socialmediacafe.org.uk/" --note "Meets at QUAD; keeps the links page of this map." >/dev/null
mindmap -q add channel http://socialmediacafe.org.uk/links/ --under "Social Media Cafe Derby" --label "Links page" >/dev/null
mindmap -q add org "Facebook issue-based groups" --under "Community and third sector" \
  --note "The largest area of activity: numerous groups set up on issue-based subjects." >/dev/null
mindmap -q add channel "https://m.facebook.com/groups/derby.example.group/?ref=share" \
  --under "Facebook issue-based groups" \
  --note "Example only: a made-up group address that shows how a pasted group link is stored. Not a real group." \
  >/dev/null

mindmap -q link "Social Media Cafe Derby" "Derby QUAD" --label "meets at"
