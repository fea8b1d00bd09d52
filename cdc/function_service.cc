// Copyright (c) Eddy authors.
//
// FunctionService: loading, create/get/list/update/delete, Event invokes.

#include "cdc/function_service.h"

#include <stdlib.h>
#include <unistd.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/errors.h"
#include "engine/strings.h"

namespace eddy::cdc {
namespace {

// The first executable `name` on PATH, or "".
std::string FindOnPath(const char* name) {
  const char* path = getenv("PATH");
  for (absl::string_view dir : absl::StrSplit(path ? path : "", ':')) {
    if (dir.empty()) continue;
    std::string candidate = absl::StrCat(dir, "/", name);
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

std::string FunctionKey(std::string_view name) {
  return absl::StrCat(engine::Sv(kFunctionKeyPrefix), engine::Sv(name));
}

}  // namespace

FunctionService::FunctionService(rocksdb::DB* db,
                                 rocksdb::ColumnFamilyHandle* catalog_cf,
                                 Clock* clock, FunctionRegistry* registry,
                                 FunctionServiceOptions options)
    : db_(db),
      catalog_cf_(catalog_cf),
      clock_(clock),
      registry_(registry),
      options_(std::move(options)),
      code_(options_.root, options_.code_limits) {}

absl::StatusOr<std::unique_ptr<FunctionService>> FunctionService::Open(
    rocksdb::DB* db, rocksdb::ColumnFamilyHandle* catalog_cf,
    rocksdb::ColumnFamilyHandle* logs_cf, Clock* clock,
    FunctionRegistry* registry, FunctionServiceOptions options) {
  std::unique_ptr<FunctionService> s(
      new FunctionService(db, catalog_cf, clock, registry, std::move(options)));
  s->logs_ = std::make_unique<LogStore>(db, logs_cf, clock, s->options_.region,
                                        s->options_.account_id);
  WorkerFactory& f = s->factory_;
  f.node_path = FindOnPath("node");
  if (f.node_path.empty()) f.node_path = FindOnPath("nodejs");
  f.python_path = FindOnPath("python3");
  f.node_bootstrap = s->code_.NodeBootstrap();
  f.python_bootstrap = s->code_.PythonBootstrap();
  f.region = s->options_.region;
  f.concurrency_max = s->options_.concurrency_max;
  f.logs = s->logs_.get();
  f.clock = clock;
  absl::Status st = s->code_.Init();
  if (st.ok()) st = s->logs_->Load();
  if (st.ok()) st = s->Load();
  if (!st.ok()) return st;
  FunctionRegistry* reg = registry;
  s->queue_ = std::make_unique<InvokeQueue>(
      clock,
      [reg](const std::string& name, const std::string& payload,
            const std::string& request_id) {
        std::shared_ptr<Function> fn = reg->Find(name);
        if (fn == nullptr) {
          return FunctionResult::Error(
              "ResourceNotFoundException",
              absl::StrCat("Function not found: ", reg->FunctionArn(name)));
        }
        InvokeContext context;
        context.request_id = request_id;
        context.function_name = name;
        return fn->Invoke(FunctionEvent(payload), context, nullptr);
      },
      s->options_.event_queue);
  FunctionService* raw = s.get();
  registry->SetResolver(
      [raw](std::string_view name) -> std::shared_ptr<Function> {
        return raw->Find(name);
      });
  return s;
}

absl::Status FunctionService::Load() {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), catalog_cf_));
  std::string prefix(kFunctionKeyPrefix);
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    absl::StatusOr<FunctionRecord> record =
        DecodeFunctionRecord(it->value().ToStringView());
    if (!record.ok()) return record.status();
    std::string name = record->config.function_name;
    code_.Remove(name, record->code_revision);  // leftovers of a crash
    absl::MutexLock lock(&mu_);
    functions_[name] = NewFunction(*std::move(record));
  }
  return engine::FromRocks(it->status());
}

FunctionService::~FunctionService() { Stop(); }

void FunctionService::Stop() {
  std::map<std::string, std::shared_ptr<OutOfProcessFunction>, std::less<>>
      functions;
  {
    absl::MutexLock lock(&mu_);
    if (stopped_) return;
    stopped_ = true;
    functions = functions_;
  }
  // Workers first: an Event invocation in flight then fails at once, so
  // joining the queue thread never waits for a function's timeout.
  for (auto& [name, fn] : functions) fn->Stop();
  queue_.reset();
}

std::shared_ptr<OutOfProcessFunction> FunctionService::NewFunction(
    FunctionRecord record) {
  std::string root =
      code_.Directory(record.config.function_name, record.code_revision);
  std::string arn = registry_->FunctionArn(record.config.function_name);
  return std::make_shared<OutOfProcessFunction>(
      std::move(record), std::move(root), std::move(arn), &factory_);
}

std::shared_ptr<OutOfProcessFunction> FunctionService::Find(
    std::string_view name) const {
  absl::MutexLock lock(&mu_);
  if (stopped_) return nullptr;
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : it->second;
}

FunctionConfiguration FunctionService::Describe(
    const FunctionRecord& record) const {
  FunctionConfiguration c = record.config;
  c.function_arn = registry_->FunctionArn(c.function_name);
  c.state = "Active";
  return c;
}

absl::Status FunctionService::Persist(const FunctionRecord& record) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return engine::FromRocks(db_->Put(wo, catalog_cf_,
                                    FunctionKey(record.config.function_name),
                                    EncodeFunctionRecord(record)));
}

absl::Status FunctionService::CheckInterpreter(
    const std::string& runtime) const {
  absl::StatusOr<RuntimeKind> kind = ParseRuntime(runtime);
  if (!kind.ok()) return kind.status();
  if (*kind == RuntimeKind::kNode && factory_.node_path.empty()) {
    return absl::FailedPreconditionError("Runtime: node is not on PATH");
  }
  if (*kind == RuntimeKind::kPython && factory_.python_path.empty()) {
    return absl::FailedPreconditionError("Runtime: python3 is not on PATH");
  }
  return absl::OkStatus();
}

absl::StatusOr<FunctionConfiguration> FunctionService::Create(
    const CreateFunctionRequest& r) {
  FunctionRecord record;
  record.config = r.configuration;
  absl::Status s = ValidateConfiguration(record.config);
  if (s.ok()) s = CheckInterpreter(record.config.runtime);
  if (!s.ok()) return s;
  const std::string& name = record.config.function_name;
  absl::MutexLock admin(&admin_mu_);
  if (Find(name) != nullptr || registry_->HasInProcess(name)) {
    return absl::AlreadyExistsError(
        absl::StrCat("Function already exist: ", name));
  }
  absl::StatusOr<DeployedCode> code = code_.Deploy(name, 1, r.code);
  if (!code.ok()) return code.status();
  record.code_revision = 1;
  record.config.code_size = code->code_size;
  record.config.code_sha256 = code->code_sha256;
  record.config.last_modified_ms = clock_->NowMillis();
  s = Persist(record);
  if (s.ok()) s = logs_->CreateGroup(LogGroupName(name));
  if (!s.ok()) {
    code_.Remove(name, -1);
    return s;
  }
  {
    absl::MutexLock lock(&mu_);
    functions_[name] = NewFunction(record);
  }
  registry_->NotifyAdded();
  return Describe(record);
}

absl::StatusOr<FunctionConfiguration> FunctionService::Get(
    std::string_view name) {
  std::shared_ptr<OutOfProcessFunction> fn = Find(name);
  if (fn == nullptr) {
    return engine::ResourceNotFound(
        absl::StrCat("Function not found: ", registry_->FunctionArn(name)));
  }
  return Describe(fn->record());
}

absl::StatusOr<ListFunctionsResult> FunctionService::List(
    const ListFunctionsRequest& r) {
  if (r.max_items < 1 || r.max_items > 10000) {
    return engine::ValidationError("MaxItems: must be in 1..10000");
  }
  ListFunctionsResult out;
  absl::MutexLock lock(&mu_);
  for (auto it = functions_.upper_bound(r.marker); it != functions_.end();
       ++it) {
    if (static_cast<int>(out.functions.size()) == r.max_items) {
      out.next_marker = out.functions.back().function_name;
      break;
    }
    out.functions.push_back(Describe(it->second->record()));
  }
  return out;
}

absl::StatusOr<FunctionConfiguration> FunctionService::UpdateCode(
    std::string_view name, const FunctionCode& code) {
  absl::MutexLock admin(&admin_mu_);
  std::shared_ptr<OutOfProcessFunction> fn = Find(name);
  if (fn == nullptr) {
    return engine::ResourceNotFound(
        absl::StrCat("Function not found: ", registry_->FunctionArn(name)));
  }
  FunctionRecord record = fn->record();
  absl::StatusOr<DeployedCode> deployed =
      code_.Deploy(record.config.function_name, record.code_revision + 1, code);
  if (!deployed.ok()) return deployed.status();
  ++record.code_revision;
  record.config.code_size = deployed->code_size;
  record.config.code_sha256 = deployed->code_sha256;
  record.config.last_modified_ms = clock_->NowMillis();
  absl::Status s = Persist(record);
  if (!s.ok()) return s;
  fn->Reconfigure(record, deployed->directory);
  code_.Remove(record.config.function_name, record.code_revision);
  return Describe(record);
}

absl::StatusOr<FunctionConfiguration> FunctionService::UpdateConfiguration(
    const UpdateFunctionConfigurationRequest& r) {
  absl::MutexLock admin(&admin_mu_);
  std::shared_ptr<OutOfProcessFunction> fn = Find(r.function_name);
  if (fn == nullptr) {
    return engine::ResourceNotFound(absl::StrCat(
        "Function not found: ", registry_->FunctionArn(r.function_name)));
  }
  FunctionRecord record = fn->record();
  ApplyUpdate(r, &record.config);
  absl::Status s = ValidateConfiguration(record.config);
  if (s.ok()) s = CheckInterpreter(record.config.runtime);
  if (!s.ok()) return s;
  record.config.last_modified_ms = clock_->NowMillis();
  s = Persist(record);
  if (!s.ok()) return s;
  fn->Reconfigure(record, code_.Directory(record.config.function_name,
                                          record.code_revision));
  return Describe(record);
}

absl::Status FunctionService::Delete(std::string_view name) {
  absl::MutexLock admin(&admin_mu_);
  std::shared_ptr<OutOfProcessFunction> fn = Find(name);
  if (fn == nullptr) {
    return engine::ResourceNotFound(
        absl::StrCat("Function not found: ", registry_->FunctionArn(name)));
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  absl::Status s =
      engine::FromRocks(db_->Delete(wo, catalog_cf_, FunctionKey(name)));
  if (!s.ok()) return s;
  {
    absl::MutexLock lock(&mu_);
    functions_.erase(functions_.find(name));
  }
  fn->Stop();
  code_.Remove(std::string(name), -1);
  return absl::OkStatus();
}

absl::Status FunctionService::InvokeAsync(const std::string& name,
                                          std::string payload,
                                          std::string request_id) {
  absl::MutexLock lock(&mu_);  // Stop sets stopped_ before dropping queue_
  if (stopped_) return absl::FailedPreconditionError("the Database is closed");
  return queue_->Push(name, std::move(payload), std::move(request_id));
}

}  // namespace eddy::cdc
