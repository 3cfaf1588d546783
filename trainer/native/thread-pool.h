// A pool of threads kept alive between kernel calls (starting threads per call would cost more
// than small kernels take). run(n, f) calls f(worker) once on each of n workers, the caller being
// worker 0, and returns when all are done. A worker that has not picked the call up by the time the
// caller has finished its own part skips it: every user takes tasks from a shared counter, so the
// caller has done them all, and waiting for a thread the OS has not scheduled yet (another process
// holding the core) cost more than small kernels take. One parallel call at a time: a second caller (another
// Node worker thread using the addon) runs its work alone on its own thread instead of waiting.
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace edgeml {

class ThreadPool {
 public:
  explicit ThreadPool(int threads) : size_(threads < 1 ? 1 : threads) {
    for (int w = 1; w < size_; w++) workers_.emplace_back([this, w] { loop(w); });
  }
  int size() const { return size_; }

  void run(const std::function<void(int worker, int workers)>& f) {
    std::unique_lock<std::mutex> call(callMutex_, std::try_to_lock);
    if (!call.owns_lock() || size_ == 1) {
      f(0, 1);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &f;
      started_ = 0;
      generation_++;
    }
    wake_.notify_all();
    f(0, size_);
    std::unique_lock<std::mutex> lock(mutex_);
    job_ = nullptr;  // workers waking from now on skip this call
    done_.wait(lock, [this] { return finished_ == started_; });
    started_ = finished_ = 0;
  }

 private:
  void loop(int w) {
    unsigned long seen = 0;
    for (;;) {
      const std::function<void(int, int)>* job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return generation_ != seen; });
        seen = generation_;
        job = job_;
        if (!job) continue;
        started_++;
      }
      (*job)(w, size_);
      std::lock_guard<std::mutex> lock(mutex_);
      if (++finished_ == started_) done_.notify_one();
    }
  }

  int size_;
  std::vector<std::thread> workers_;
  std::mutex callMutex_, mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(int, int)>* job_ = nullptr;
  int started_ = 0, finished_ = 0;
  unsigned long generation_ = 0;
};

}  // namespace edgeml
