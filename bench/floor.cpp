// SPDX-License-Identifier: MIT
// floor.cpp -- the simdjson floor of bench/speed.sh: what each stage's
// work costs when each record is parsed in full by simdjson (Debian's
// libsimdjson-dev) and written back minified.  Built by make bench for
// comparison only; never linked into the sluice tools.
//
// usage: floor pass FILE
//        floor validate FILE
//        floor window FILE
//        floor aggregate FIELD NUMBER FILE
//
// Each mode reads NDJSON from FILE in chunks of 4 MB (a chunk grows for
// a longer line) cut after their last newline, parses the records of a
// chunk with simdjson's DOM parser in batches (parse_many: the whole of
// each record is validated and every value decoded onto the tape, as
// fast as simdjson goes) and writes on stdout, through a 256 KB buffer,
// each record as its text minified by simdjson::minify:
//   pass       each record ("parse and write");
//   validate   each record that has a member "user_id" (of any value)
//              and a number "amount" that is not below zero;
//   window     each record with a member
//              "@window":{"start":...,"end":...} added before its closing
//              brace: the minute of its "@timestamp" (the fixed form
//              YYYY-MM-DDTHH:MM:SS[.fff]Z, the one sluice writes), the
//              text made once per minute; and, after the first record
//              of a later minute and at the end, the close record
//              {"@ctl":"close","@window":{...}} of the minute before, as
//              window --tumbling 1m writes them on input in time order;
//   aggregate  nothing per record: the string member FIELD is looked up
//              in a hash map (std::unordered_map) holding a count and the
//              sum of the number member NUMBER (an int64 while the values
//              are integers, and a double beside it for the others); at
//              the end, one line per group in the order of the keys:
//              {"FIELD":"key","count":n,"sum_NUMBER":sum}.
// A record that is not an object is counted and skipped, and a chunk
// that does not parse is left at its first error; either way a message
// goes to stderr and the exit status is 1.
// Exit 2 on bad arguments or an unreadable file.

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

// Out: stdout through a buffer; put() appends, minify() appends JSON
// text minified, the destructor flushes.
class Out {
public:
	Out() : buf_(cap + 64 * 1024) {}
	~Out() { flush(); }
	void put(std::string_view s)
	{
		room(s.size());
		memcpy(buf_.data() + len_, s.data(), s.size());
		len_ += s.size();
	}
	// minify: append the text s minified, less its last drop bytes.
	void minify(std::string_view s, size_t drop = 0)
	{
		size_t n;
		room(s.size());
		if (simdjson::minify(s.data(), s.size(), buf_.data() + len_,
		    n) != simdjson::SUCCESS) {
			memcpy(buf_.data() + len_, s.data(), s.size());
			n = s.size();
		}
		len_ += n - drop;
	}
	void flush()
	{
		if (len_ > 0)
			fwrite(buf_.data(), 1, len_, stdout);
		len_ = 0;
	}

private:
	void room(size_t n)
	{
		if (len_ + n > cap)
			flush();
		if (n > buf_.size())
			buf_.resize(n);
	}
	static constexpr size_t cap = 256 * 1024;
	std::vector<char> buf_;
	size_t len_ = 0;
};

// Chunks: the file in chunks that end after a newline (or at the end
// of the file), each followed in memory by SIMDJSON_PADDING bytes, as
// parse_many() without a copy needs.  next() returns false at the end.
class Chunks {
public:
	explicit Chunks(FILE *f) : f_(f), buf_(size_ + simdjson::SIMDJSON_PADDING) {}
	bool next(const char **chunk, size_t *len)
	{
		// Keep what followed the last chunk's newline.
		memmove(buf_.data(), buf_.data() + used_, end_ - used_);
		end_ -= used_;
		used_ = 0;
		for (;;) {
			if (end_ == size_) {
				size_ *= 2;
				buf_.resize(size_ + simdjson::SIMDJSON_PADDING);
			}
			size_t n = fread(buf_.data() + end_, 1, size_ - end_, f_);
			end_ += n;
			if (n == 0) {
				used_ = end_;
				break;
			}
			const char *p = buf_.data();
			size_t i = end_;
			while (i > 0 && p[i - 1] != '\n')
				i--;
			if (i > 0) {
				used_ = i;
				break;
			}
		}
		*chunk = buf_.data();
		*len = used_;
		return used_ > 0;
	}

private:
	FILE *f_;
	size_t size_ = 4 << 20;
	std::vector<char> buf_;
	size_t used_ = 0, end_ = 0;
};

// minute_of: the Unix minute of an RFC 3339 time in the form
// YYYY-MM-DDTHH:MM:SS[.fff]Z; false for any other text.
bool
minute_of(std::string_view t, int64_t *minute)
{
	if (t.size() < 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' ||
	    t[13] != ':' || t[16] != ':' || t.back() != 'Z')
		return false;
	auto num = [&](size_t at, size_t n) {
		int64_t v = 0;
		for (size_t i = at; i < at + n; i++)
			v = v * 10 + (t[i] - '0');
		return v;
	};
	int64_t y = num(0, 4), m = num(5, 2), d = num(8, 2);
	// Days from 1970-01-01 of a proleptic Gregorian date.
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	int64_t days = era * 146097 + doe - 719468;
	*minute = days * 1440 + num(11, 2) * 60 + num(14, 2);
	return true;
}

// format_minute: write the Unix minute as YYYY-MM-DDTHH:MM:00.000Z.
void
format_minute(int64_t minute, char out[25])
{
	int64_t days = minute / 1440, mod = minute % 1440;
	if (mod < 0) {
		mod += 1440;
		days--;
	}
	days += 719468;
	int64_t era = (days >= 0 ? days : days - 146096) / 146097;
	int64_t doe = days - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);
	snprintf(out, 25, "%04d-%02d-%02dT%02d:%02d:00.000Z", (int)y, (int)m,
	    (int)d, (int)(mod / 60), (int)(mod % 60));
}

// window_text: the member ,"@window":{...}} closing a record of minute.
std::string
window_text(int64_t minute)
{
	char s[25], e[25];
	format_minute(minute, s);
	format_minute(minute + 1, e);
	return std::string(",\"@window\":{\"start\":\"") + s +
	    "\",\"end\":\"" + e + "\"}}";
}

struct Group {
	int64_t count = 0;
	int64_t isum = 0;
	double fsum = 0;
	bool fractional = false;
};

int
usage()
{
	fputs("usage: floor pass|validate|window FILE\n"
	      "       floor aggregate FIELD NUMBER FILE\n", stderr);
	return 2;
}

} // namespace

int
main(int argc, char **argv)
{
	if (argc < 3)
		return usage();
	std::string mode = argv[1];
	const char *path = argv[argc - 1];
	if (!(mode == "pass" || mode == "validate" || mode == "window") &&
	    !(mode == "aggregate" && argc == 5))
		return usage();
	if (mode != "aggregate" && argc != 3)
		return usage();
	FILE *f = fopen(path, "rb");
	if (f == nullptr) {
		perror(path);
		return 2;
	}

	simdjson::dom::parser parser;
	Chunks chunks(f);
	Out out;
	std::unordered_map<std::string, Group> groups;
	std::string field, number;
	if (mode == "aggregate") {
		field = argv[2];
		number = argv[3];
	}
	int64_t last_minute = INT64_MIN;
	std::string wtext, close, ended;
	uint64_t bad = 0;

	// One record: obj, parsed from the text src.
	auto record = [&](simdjson::dom::object obj, std::string_view src) {
		if (mode == "pass") {
			out.minify(src);
			out.put("\n");
		} else if (mode == "validate") {
			simdjson::dom::element user, amount;
			double a;
			if (obj["user_id"].get(user) != simdjson::SUCCESS ||
			    obj["amount"].get(amount) != simdjson::SUCCESS ||
			    !amount.is_number() ||
			    amount.get_double().get(a) != simdjson::SUCCESS ||
			    a < 0)
				return;
			out.minify(src);
			out.put("\n");
		} else if (mode == "window") {
			std::string_view ts;
			int64_t minute;
			if (obj["@timestamp"].get(ts) != simdjson::SUCCESS ||
			    !minute_of(ts, &minute)) {
				bad++;
				return;
			}
			ended.clear();
			if (minute != last_minute) {
				ended.swap(close);
				wtext = window_text(minute);
				close = "{\"@ctl\":\"close\"" + wtext + "\n";
				last_minute = minute;
			}
			out.minify(src, 1);
			out.put(wtext);
			out.put("\n");
			out.put(ended);
		} else {
			std::string_view key;
			simdjson::dom::element v;
			if (obj[field].get(key) != simdjson::SUCCESS) {
				bad++;
				return;
			}
			Group &g = groups[std::string(key)];
			g.count++;
			if (obj[number].get(v) != simdjson::SUCCESS)
				return;
			int64_t i;
			double d;
			if (v.get_int64().get(i) == simdjson::SUCCESS)
				g.isum += i;
			else if (v.get_double().get(d) == simdjson::SUCCESS) {
				g.fsum += d;
				g.fractional = true;
			}
		}
	};

	const char *chunk;
	size_t len;
	while (chunks.next(&chunk, &len)) {
		simdjson::dom::document_stream docs;
		if (parser.parse_many(reinterpret_cast<const uint8_t *>(chunk),
		    len, simdjson::dom::DEFAULT_BATCH_SIZE).get(docs) !=
		    simdjson::SUCCESS) {
			bad++;
			break;
		}
		for (auto it = docs.begin(); it != docs.end(); ++it) {
			simdjson::dom::object obj;
			simdjson::error_code e = (*it).get(obj);
			if (e == simdjson::INCORRECT_TYPE) {
				bad++;
				continue;
			}
			if (e != simdjson::SUCCESS) {
				fprintf(stderr, "floor: %s\n",
				    simdjson::error_message(e));
				bad++;
				break;
			}
			record(obj, it.source());
		}
	}
	if (mode == "window" && !close.empty())
		out.put(close);
	if (mode == "aggregate") {
		std::vector<const std::pair<const std::string, Group> *> rows;
		for (const auto &kv : groups)
			rows.push_back(&kv);
		std::sort(rows.begin(), rows.end(),
		    [](auto a, auto b) { return a->first < b->first; });
		for (auto r : rows) {
			char num[64];
			const Group &g = r->second;
			if (g.fractional)
				snprintf(num, sizeof num, "%.17g",
				    g.fsum + (double)g.isum);
			else
				snprintf(num, sizeof num, "%lld",
				    (long long)g.isum);
			// The keys are written as read: the bench's are plain.
			out.put("{\"" + field + "\":\"" + r->first +
			    "\",\"count\":" + std::to_string(g.count) +
			    ",\"sum_" + number + "\":" + num + "}\n");
		}
	}
	out.flush();
	fclose(f);
	if (bad > 0) {
		fprintf(stderr, "floor: %llu records or chunks skipped\n",
		    (unsigned long long)bad);
		return 1;
	}
	return 0;
}
